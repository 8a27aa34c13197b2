// Material for MkDocs' content script (opens the content tab named in the URL), moved out of the
// page for the Content-Security-Policy.
var target = document.getElementById(location.hash.slice(1));
if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
