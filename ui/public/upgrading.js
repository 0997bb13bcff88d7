// Fills the upgrade page's figures from its fragment, which the desktop app
// writes (`#articles=4,000 articles&estimate=about 5 minutes`, encoded).
// Plain text only (textContent), so the fragment cannot inject markup.
const figures = new URLSearchParams(location.hash.slice(1));
const articles = figures.get('articles');
const estimate = figures.get('estimate');
if (articles && estimate) {
  document.getElementById('articles').textContent = articles;
  document.getElementById('estimate').textContent = estimate;
  document.getElementById('details').hidden = false;
}
