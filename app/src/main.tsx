// Entry: i18n first (every text goes through it), then the query client and the app.
import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError } from './api/client';
import { setupI18n } from './i18n';
import { App } from './app';
import { LoadingState } from './ui/states';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: true,
    },
  },
});

// Customers' portal and agents' workspace share the bundle's basics, never a screen or a session.
const PortalApp = lazy(() => import('./portal/portal-app').then((m) => ({ default: m.PortalApp })));
const root = window.location.pathname === '/portal' || window.location.pathname.startsWith('/portal/') ? (
  <Suspense fallback={<LoadingState full />}>
    <PortalApp />
  </Suspense>
) : (
  <App />
);

await setupI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>{root}</QueryClientProvider>
  </StrictMode>,
);

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  window.addEventListener('load', () => void navigator.serviceWorker.register('/sw.js').catch(() => undefined));
}
