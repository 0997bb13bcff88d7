// Opening the popup is the toolbar click: it asks the background to clip the
// active tab and shows what happened. The clip itself runs in the background,
// so closing the popup early does not cancel it (the badge shows the outcome).
// `popup.html?tab=ID` clips tab ID instead, for when the popup is opened as a
// page (tests, or a keyboard shortcut opening it in a tab).

import { ext, PAIRING_CODES } from '../lib/app.js';

const $ = (id) => document.getElementById(id);

const HEADLINES = { saved: 'Saved to Quire', updated: 'Updated in Quire', failed: 'Not clipped' };

function show(outcome) {
  $('outcome').dataset.status = outcome.status;
  $('status').textContent = HEADLINES[outcome.status] ?? outcome.status;
  $('title').textContent = outcome.title ?? '';
  let detail = '';
  if (outcome.status === 'failed') {
    detail = outcome.message ?? 'The clip failed for an unknown reason.';
  } else if (outcome.photosSent || outcome.photosSkipped) {
    const sent = `${outcome.photosSent} photo${outcome.photosSent === 1 ? '' : 's'} sent from the browser`;
    detail = outcome.photosSkipped ? `${sent}; Quire fetches the other ${outcome.photosSkipped}.` : `${sent}.`;
  }
  $('detail').textContent = detail;
  $('actions').hidden = !(outcome.status === 'failed' && PAIRING_CODES.has(outcome.code));
}

async function targetTab() {
  const fromQuery = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(fromQuery) && fromQuery > 0) return ext.tabs.get(fromQuery);
  const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
  return tab;
}

$('open-options').addEventListener('click', (event) => {
  event.preventDefault();
  ext.runtime.openOptionsPage();
});

(async () => {
  const tab = await targetTab();
  if (!tab?.id) {
    show({ status: 'failed', title: '', message: 'There is no page to clip in this window.' });
    return;
  }
  $('title').textContent = tab.title ?? '';
  const outcome = await ext.runtime.sendMessage({ type: 'clip-tab', tabId: tab.id });
  show(outcome ?? { status: 'failed', title: tab.title, message: 'The extension did not answer; try again.' });
})();
