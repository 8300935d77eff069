import { html, svg } from 'lit';

/** The element's icons: inline SVG, decorative (`aria-hidden`), drawn in `currentColor`. */
export const icon = (paths: ReturnType<typeof svg>) =>
  html`<svg class="icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">${paths}</svg>`;
export const sendIcon = icon(svg`<path d="M12 19V5M5 12l7-7 7 7" fill="none" stroke="currentColor" stroke-width="2.25" stroke-linecap="round" stroke-linejoin="round"/>`);
export const stopIcon = icon(svg`<rect x="6.5" y="6.5" width="11" height="11" rx="2" fill="currentColor"/>`);
export const retryIcon = icon(svg`<path d="M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>`);
export const closeIcon = icon(svg`<path d="M6 6l12 12M18 6L6 18" fill="none" stroke="currentColor" stroke-width="2.25" stroke-linecap="round"/>`);
/** A speech bubble whose tail points to the inline start: mirrored in right-to-left layouts. */
export const chatIcon = html`<svg class="icon directional" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
  <path d="M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v9a2.5 2.5 0 0 1-2.5 2.5H9l-5 4z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>
</svg>`;
export const arrowDownIcon = icon(svg`<path d="M12 5v14M5 12l7 7 7-7" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>`);
const thumb = svg`<path d="M7 10v10H4V10zm0 0 4-7c1.5 0 2.5 1 2.2 2.6L12.6 9H18a2 2 0 0 1 2 2.3l-1.2 6.6A2.5 2.5 0 0 1 16.4 20H7" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>`;
export const thumbUpIcon = icon(thumb);
export const thumbDownIcon = icon(svg`<g transform="rotate(180 12 12)">${thumb}</g>`);
export const stepIcons = {
  active: html`<span class="spinner"></span>`,
  done: icon(svg`<path d="M5 12.5l4.5 4.5L19 7.5" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"/>`),
  error: icon(svg`<path d="M7 7l10 10M17 7L7 17" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round"/>`),
};
export const attachIcon = icon(svg`<path d="M20 11.5l-8 8a5 5 0 0 1-7-7l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7l-8.4 8.4a1.6 1.6 0 0 1-2.3-2.3L15 7.3" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>`);
