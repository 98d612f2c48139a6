/**
 * Hostile content for the "no script runs" tests. Every payload tries to
 * reach `${BEACON}` (fetch, image, navigation, form) or set `window.pwned`;
 * a test passes when the beacon is never hit and `pwned` stays undefined.
 */
export const BEACON = "/__beacon";

export function hostileHtml(origin: string): string {
  const b = `${origin}${BEACON}`;
  return `<!doctype html><html><head>
<meta http-equiv="refresh" content="0;url=${b}?meta">
<base href="${origin}/">
<script>window.pwned = 1; fetch("${b}?script");</script>
<style>@import url("${b}?css"); body { background: url("${b}?cssbg"); }</style>
<link rel="stylesheet" href="${b}?link">
</head><body onload="fetch('${b}?onload')">
<p>Bonjour, <a href="javascript:fetch('${b}?js-link')">cliquez</a></p>
<img src="x" onerror="window.pwned = 2; fetch('${b}?onerror')">
<img src="${b}?img">
<svg onload="fetch('${b}?svgonload')"><script>fetch("${b}?svgscript")</script>
<foreignObject><iframe src="${b}?foreign"></iframe><img src=x onerror="fetch('${b}?foreign-img')"></foreignObject>
<a xlink:href="javascript:fetch('${b}?xlink')"><text>x</text></a></svg>
<iframe src="javascript:parent.fetch('${b}?iframe')"></iframe>
<iframe srcdoc="<script>parent.fetch('${b}?srcdoc')</script>"></iframe>
<object data="${b}?object"></object><embed src="${b}?embed">
<form action="${b}?form"><input type="submit" autofocus onfocus="fetch('${b}?onfocus')"></form>
<details open ontoggle="fetch('${b}?ontoggle')"><summary>x</summary></details>
<math><mtext><table><mglyph><style><img src=x onerror="fetch('${b}?mxss')"></style></mglyph></table></mtext></math>
<noscript><p title="</noscript><img src=x onerror=fetch('${b}?noscript')>"></noscript>
<div style="background-image:url(${b}?style)">styled</div>
<a href="${b}?plain-link" id="plain">ordinary link</a>
</body></html>`;
}

export function hostileSvg(origin: string): string {
  const b = `${origin}${BEACON}`;
  return `<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="200" onload="fetch('${b}?svg-onload')">
  <script>window.pwned = 3; fetch("${b}?svg-script");</script>
  <image href="${b}?svg-image" width="10" height="10"/>
  <foreignObject width="100" height="100"><body xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="fetch('${b}?svg-foreign')"/><iframe src="${b}?svg-iframe"></iframe></body></foreignObject>
  <a xlink:href="javascript:fetch('${b}?svg-xlink')"><rect width="50" height="50"/></a>
  <animate attributeName="href" values="javascript:fetch('${b}?svg-animate')"/>
</svg>`;
}
