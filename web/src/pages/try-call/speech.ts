/** The browser's own speech: synthesis for the caller's sentences, recognition for the candidate's reply (where present). */

/** Speaks the sentences in order (cancelling anything still being said); does nothing without speechSynthesis. */
export function speak(sentences: string[]): void {
  const synth = typeof speechSynthesis === 'undefined' ? undefined : speechSynthesis;
  if (synth === undefined || typeof SpeechSynthesisUtterance === 'undefined') return;
  synth.cancel();
  for (const sentence of sentences) {
    const utterance = new SpeechSynthesisUtterance(sentence);
    utterance.lang = 'en-US';
    synth.speak(utterance);
  }
}

export function stopSpeaking(): void {
  if (typeof speechSynthesis !== 'undefined') speechSynthesis.cancel();
}

/** The parts of the Web Speech API's recognition this page uses (not in TypeScript's DOM types). */
interface Recognition {
  lang: string;
  interimResults: boolean;
  maxAlternatives: number;
  onresult: ((event: { results: ArrayLike<ArrayLike<{ transcript: string }>> }) => void) | null;
  onerror: ((event: { error: string }) => void) | null;
  onend: (() => void) | null;
  start(): void;
  abort(): void;
}

type RecognitionConstructor = new () => Recognition;

function recognitionConstructor(): RecognitionConstructor | undefined {
  const w = window as unknown as { SpeechRecognition?: RecognitionConstructor; webkitSpeechRecognition?: RecognitionConstructor };
  return w.SpeechRecognition ?? w.webkitSpeechRecognition;
}

export function canRecognize(): boolean {
  return recognitionConstructor() !== undefined;
}

/**
 * Listens once for an utterance: resolves with what was heard ('' for nothing), rejects with the browser's error
 * ('not-allowed' when the microphone was refused). `cancel` stops listening.
 */
export function listenOnce(): { result: Promise<string>; cancel: () => void } {
  const Ctor = recognitionConstructor();
  if (Ctor === undefined) return { result: Promise.reject(new Error('unsupported')), cancel: () => undefined };
  const recognition = new Ctor();
  recognition.lang = 'en-US';
  recognition.interimResults = false;
  recognition.maxAlternatives = 1;
  const result = new Promise<string>((resolve, reject) => {
    let heard = '';
    recognition.onresult = (event) => {
      heard = event.results[0]?.[0]?.transcript ?? '';
    };
    recognition.onerror = (event) => reject(new Error(event.error));
    recognition.onend = () => resolve(heard);
  });
  recognition.start();
  return { result, cancel: () => recognition.abort() };
}
