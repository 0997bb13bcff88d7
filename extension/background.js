// The extension's background: the context-menu items, the messages from the
// popup, and the clip functions. A service worker in Chromium, an event page
// in Firefox (same file, see manifest.json), so everything is registered at
// the top level on every start-up and nothing lives only in memory.

import { ext } from './lib/app.js';
import { clipImage, clipTab, lastOutcome } from './lib/clip.js';

const MENU = {
  page: 'quire-clip-page',
  selection: 'quire-clip-selection',
  image: 'quire-clip-image',
};

function createMenus() {
  ext.contextMenus.removeAll(() => {
    ext.contextMenus.create({ id: MENU.page, title: 'Clip page to Quire', contexts: ['page'] });
    ext.contextMenus.create({ id: MENU.selection, title: 'Clip selection to Quire', contexts: ['selection'] });
    ext.contextMenus.create({ id: MENU.image, title: 'Clip image to Quire', contexts: ['image'] });
  });
}

ext.runtime.onInstalled.addListener(({ reason }) => {
  createMenus();
  // A new extension cannot clip until it is paired: show the page that does it.
  if (reason === 'install') ext.runtime.openOptionsPage();
});
ext.runtime.onStartup.addListener(createMenus);

ext.contextMenus.onClicked.addListener((info, tab) => {
  if (!tab?.id || tab.id < 0) return;
  if (info.menuItemId === MENU.page) clipTab(tab.id, { selection: false });
  else if (info.menuItemId === MENU.selection) clipTab(tab.id, { selection: true });
  else if (info.menuItemId === MENU.image && info.srcUrl) clipImage(tab.id, info.srcUrl);
});

// The popup asks; the clip runs here so it finishes even if the popup closes.
ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (sender.id !== ext.runtime.id || typeof message?.tabId !== 'number') return false;
  if (message.type === 'clip-tab') {
    clipTab(message.tabId, { selection: true }).then(sendResponse);
    return true;
  }
  if (message.type === 'last-outcome') {
    lastOutcome(message.tabId).then(sendResponse);
    return true;
  }
  return false;
});

// For tests and the devtools console: clip a tab without the toolbar button.
self.quireClipTab = (tabId, options) => clipTab(tabId, options);
self.quireClipImage = (tabId, srcUrl) => clipImage(tabId, srcUrl);
