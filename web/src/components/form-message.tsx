/** What went wrong with a form, announced to screen readers; nothing when there is nothing to say. */
export function FormMessage(props: { message: string | null }) {
  if (props.message === null) return null;
  return (
    <p class="form-error" role="alert">
      {props.message}
    </p>
  );
}
