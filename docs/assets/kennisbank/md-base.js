// Material for MkDocs' bootstrap script, moved out of the page so the Content-Security-Policy can
// forbid inline scripts. The site root is derived from this file's own address
// (assets/kennisbank/md-base.js), where Material's template inlines the relative base URL.
__md_scope = new URL("../..", document.currentScript.src);
__md_hash = (value) => [...value].reduce((hash, char) => (hash << 5) - hash + char.charCodeAt(0), 0);
__md_get = (key, storage = localStorage, scope = __md_scope) => JSON.parse(storage.getItem(scope.pathname + "." + key));
__md_set = (key, value, storage = localStorage, scope = __md_scope) => {
  try {
    storage.setItem(scope.pathname + "." + key, JSON.stringify(value));
  } catch (error) {
    // storage full or disabled: the preference is simply not remembered
  }
};
