import { XMLParser } from 'fast-xml-parser';

/** One TwiML verb as the simulator needs it. */
export type Verb =
  | { verb: 'Say'; text: string }
  | { verb: 'Gather'; action: string; input: string[]; actionOnEmptyResult: boolean; says: string[] }
  | { verb: 'Redirect'; url: string }
  | { verb: 'Pause'; seconds: number }
  | { verb: 'Hangup' }
  | { verb: 'Other'; name: string };

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({ ignoreAttributes: false, preserveOrder: true, attributeNamePrefix: '', parseTagValue: false });

/** Reads a TwiML document into its verbs, in order, the way Twilio executes them. Throws on a non-TwiML body. */
export function readTwiml(xml: string): Verb[] {
  const doc = parser.parse(xml) as Node[];
  const response = doc.find((n) => 'Response' in n);
  if (response === undefined) throw new Error('not a TwiML document: no <Response>');
  return (response.Response as Node[]).map(toVerb);
}

function nameOf(node: Node): string {
  return Object.keys(node).find((k) => k !== ':@') ?? '';
}

function textOf(node: Node, name: string): string {
  const children = (node[name] as Node[] | undefined) ?? [];
  return children
    .map((c) => String(c['#text'] ?? ''))
    .join('')
    .trim();
}

function toVerb(node: Node): Verb {
  const name = nameOf(node);
  const attrs = node[':@'] ?? {};
  switch (name) {
    case 'Say':
      return { verb: 'Say', text: textOf(node, name) };
    case 'Gather': {
      const says = ((node.Gather as Node[] | undefined) ?? []).filter((c) => nameOf(c) === 'Say').map((c) => textOf(c, 'Say'));
      return {
        verb: 'Gather',
        action: attrs.action ?? '',
        input: (attrs.input ?? 'dtmf').split(' '),
        actionOnEmptyResult: attrs.actionOnEmptyResult === 'true',
        says,
      };
    }
    case 'Redirect':
      return { verb: 'Redirect', url: textOf(node, name) };
    case 'Pause':
      return { verb: 'Pause', seconds: Number(attrs.length ?? '1') };
    case 'Hangup':
      return { verb: 'Hangup' };
    default:
      return { verb: 'Other', name };
  }
}
