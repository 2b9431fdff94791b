import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './app/theme';
import { App } from './app/App';
import { FatalErrorBoundary } from './app/FatalError';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');

createRoot(root).render(
  <StrictMode>
    <FatalErrorBoundary>
      <App />
    </FatalErrorBoundary>
  </StrictMode>,
);
