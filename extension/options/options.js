// The options page: finds the app, pairs with it (the app shows an approval
// prompt with the same short code as here; once approved, the app hands this
// page a token, once), forgets the pairing, or takes a pasted token.

import {
  AppError,
  browserName,
  checkToken,
  findApp,
  forgetToken,
  loadSettings,
  pollPairing,
  saveToken,
  startPairing,
} from '../lib/app.js';

const $ = (id) => document.getElementById(id);
const POLL_INTERVAL_MS = 1000;
/** The app expires a pairing after 5 minutes; stop polling a little later at the latest. */
const POLL_LIMIT_MS = 5.5 * 60 * 1000;

/** @type {{base: string, port: number, version: string} | null} */
let app = null;
/** Bumped to cancel a pairing in progress (Forget, a new Pair). */
let pairingRun = 0;

function say(id, state, text) {
  $(id).dataset.state = state;
  $(id).textContent = text;
}

async function locate() {
  say('app-status', 'searching', 'Looking for Quire on this computer…');
  try {
    app = await findApp();
    say('app-status', 'ok', `Quire ${app.version} is running (port ${app.port}).`);
  } catch (error) {
    app = null;
    say('app-status', 'error', error.message);
  }
  $('pair').disabled = !app;
  return app;
}

async function showPairing() {
  const { token } = await loadSettings();
  if (token) say('pairing-status', 'paired', 'Paired: clips go to Quire.');
  else say('pairing-status', 'missing', 'Not paired yet: pair with Quire, or paste a token below.');
  $('forget').disabled = !token;
}

async function pair() {
  const run = ++pairingRun;
  if (!app && !(await locate())) return;
  $('pair').disabled = true;
  try {
    const pairing = await startPairing(app.base, browserName());
    $('pairing-code').textContent = pairing.code;
    $('pairing-code-box').hidden = false;
    say('pairing-status', 'pending', 'Waiting for approval in Quire…');
    const end = Date.now() + POLL_LIMIT_MS;
    while (run === pairingRun && Date.now() < end) {
      const answer = await pollPairing(app.base, pairing);
      if (answer.status === 'approved' && typeof answer.token === 'string') {
        await saveToken(answer.token);
        $('pairing-code-box').hidden = true;
        await showPairing();
        return;
      }
      if (answer.status === 'denied') {
        say('pairing-status', 'denied', 'Quire refused the pairing.');
        break;
      }
      if (answer.status === 'expired' || answer.status === 'approved') {
        // Approved without a token means another poll took it: this page cannot get it again.
        say('pairing-status', 'expired', 'The pairing expired before it was approved. Pair again.');
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
    $('pairing-code-box').hidden = true;
  } catch (error) {
    say('pairing-status', 'error', `Pairing failed: ${error.message}`);
    $('pairing-code-box').hidden = true;
  } finally {
    $('pair').disabled = !app;
  }
}

async function forget() {
  pairingRun++;
  $('pairing-code-box').hidden = true;
  await forgetToken();
  await showPairing();
  $('pairing-status').textContent += ' (To revoke the old token, remove it in Quire or with `quire token revoke`.)';
}

async function useToken(event) {
  event.preventDefault();
  const token = $('token').value.trim();
  if (!token) return;
  if (!app && !(await locate())) {
    say('token-status', 'error', 'Quire is not running, so the token cannot be checked. Start it and try again.');
    return;
  }
  try {
    await checkToken(app.base, token);
  } catch (error) {
    const text = error instanceof AppError && error.code === 'unauthorized' ? 'Quire does not accept this token.' : error.message;
    say('token-status', 'error', text);
    return;
  }
  await saveToken(token);
  $('token').value = '';
  say('token-status', 'ok', 'Token saved.');
  await showPairing();
}

$('retry').addEventListener('click', locate);
$('pair').addEventListener('click', pair);
$('forget').addEventListener('click', forget);
$('token-form').addEventListener('submit', useToken);

showPairing();
locate();
