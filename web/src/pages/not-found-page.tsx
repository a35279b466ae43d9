import { PageHeader } from '../components/page-header.js';
import { href } from '../routes.js';

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <p>
        There is no page at this address. <a href={href('/')}>Go to the overview</a>.
      </p>
    </>
  );
}
