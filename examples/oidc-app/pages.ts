/**
 * The example app's pages. Everything that comes from outside (claims, error texts) goes through
 * `escapeHtml`: an ID token's claims are whatever the person typed into their profile.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** A whole page; `body` must already be escaped. The inline icon keeps the browser from asking for /favicon.ico. */
function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} - Example app</title><link rel="icon" href="data:,"></head>
<body><main>
<h1>${escapeHtml(title)}</h1>
${body}
</main></body>
</html>`;
}

export const HOME_HEADING = 'Example app';
export const SIGNED_IN_HEADING = 'Signed in';
export const ERROR_HEADING = 'Sign-in failed';

export function homePage(): string {
  return page(HOME_HEADING, '<p>You are not signed in.</p>\n<p><a href="/login">Sign in with Flowgate</a></p>');
}

/** The ID token's claims, one row each; values that are not strings are shown as JSON. */
export function claimsPage(claims: Readonly<Record<string, unknown>>): string {
  const rows = Object.entries(claims)
    .map(([name, value]) => `<tr><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(typeof value === 'string' ? value : JSON.stringify(value))}</td></tr>`)
    .join('\n');
  return page(
    SIGNED_IN_HEADING,
    `<p>The ID token Flowgate issued says:</p>
<table>
<caption>ID token claims</caption>
<thead><tr><th scope="col">Claim</th><th scope="col">Value</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p><a href="/logout">Sign out</a></p>`,
  );
}

export function errorPage(message: string): string {
  return page(ERROR_HEADING, `<p>${escapeHtml(message)}</p>\n<p><a href="/">Back to the start</a></p>`);
}
