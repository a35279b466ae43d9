const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/** A phone's keypad: each key is sent as it is pressed, as a phone sends a tone. */
export function Keypad(props: { disabled: boolean; onKey: (key: string) => void }) {
  return (
    <div class="keypad" role="group" aria-label="Keypad">
      {KEYS.map((key) => (
        <button key={key} type="button" disabled={props.disabled} aria-label={`Key ${key}`} onClick={() => props.onKey(key)}>
          {key}
        </button>
      ))}
    </div>
  );
}
