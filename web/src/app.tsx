import { ErrorBoundary, LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { useEffect } from 'preact/hooks';
import { currentUser, can, signOut } from './auth.js';
import { SignInPage } from './pages/sign-in-page.js';
import { NotFoundPage } from './pages/not-found-page.js';
import { BASE, href, routes } from './routes.js';
import { SetPasswordPrompt } from './components/set-password-prompt.js';

/** The whole app: who is signed in decides between the sign-in form and the pages (at whatever URL was asked). */
export function App() {
  return (
    <LocationProvider scope={BASE}>
      <Shell />
    </LocationProvider>
  );
}

function Shell() {
  const user = currentUser.value;
  if (user === undefined) {
    return (
      <main class="center" aria-busy="true">
        <p class="muted">Loading…</p>
      </main>
    );
  }
  if (user === null) return <SignInPage />;
  return (
    <div class="layout">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href={href('/')}>
          Interview caller
        </a>
        <Nav />
        <div class="who">
          <a href={href('/account')} title="Your account">
            {user.email}
          </a>
          <button type="button" class="link" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {user.has_password === false && <SetPasswordPrompt />}
        <ErrorBoundary>
          <Router>
            {[
              ...routes.map((r) => <Route key={r.path} path={href(r.path)} component={r.component} />),
              <Route key="404" default component={NotFoundPage} />,
            ]}
          </Router>
        </ErrorBoundary>
      </main>
      <TitleFromRoute />
    </div>
  );
}

function Nav() {
  const { path } = useLocation();
  const items = routes.filter((r) => r.nav !== undefined && (r.role === undefined || can(r.role)));
  return (
    <nav aria-label="Main">
      <ul>
        {items.map((r) => {
          const target = href(r.path);
          const current = r.path === '/' ? path === target || path === BASE : path === target || path.startsWith(`${target}/`);
          return (
            <li key={r.path}>
              <a href={target} aria-current={current ? 'page' : undefined}>
                {r.nav}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** The tab's title follows the page (pages with a better title, such as a call's, set their own after this). */
function TitleFromRoute() {
  const { path } = useLocation();
  useEffect(() => {
    const match = routes.find((r) => patternMatches(href(r.path), path));
    document.title = `${match?.title ?? 'Not found'} · Interview caller`;
  }, [path]);
  return null;
}

function patternMatches(pattern: string, path: string): boolean {
  const a = pattern.replace(/\/$/, '').split('/');
  const b = path.replace(/\/$/, '').split('/');
  return a.length === b.length && a.every((part, i) => part.startsWith(':') || part === b[i]);
}
