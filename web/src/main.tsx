import { render } from 'preact';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { App } from './app.js';
import { loadSession } from './auth.js';

void loadSession();
const root = document.getElementById('app');
if (root !== null) render(<App />, root);
