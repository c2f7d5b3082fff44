import { describe, expect, it } from 'vitest';
import { findExternalLoads, makeSelfContained } from '../scripts/build.mjs';

const page = (body: string) => `<!DOCTYPE html><html><head></head><body>${body}</body></html>`;

describe('makeSelfContained', () => {
  it('replaces the Redocly logo, which Redoc fetches from a CDN, with an inline image', () => {
    const html = page(
      '<script>src:e?`https://cdn.redoc.ly/redoc/logo-mini-full.svg`:`https://cdn.redoc.ly/redoc/logo-mini.svg`</script>',
    );
    const out = makeSelfContained(html);
    expect(out).not.toContain('cdn.redoc.ly');
    expect(out).toContain('src:e?`data:image/svg+xml,');
  });

  it('refuses a page that would still load a script, stylesheet, font or image from another host', () => {
    const external = [
      '<script src="https://cdn.example.com/redoc.js"></script>',
      '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">',
      '<style>@font-face{src:url(https://fonts.gstatic.com/x.woff2)}</style>',
      '<style>@import "//cdn.example.com/theme.css";</style>',
      '<img src="https://example.com/logo.png">',
    ];
    for (const snippet of external) {
      expect(() => makeSelfContained(page(snippet)), snippet).toThrow(/would not work offline/);
    }
  });

  it('gives the page an inline icon, so browsers do not request /favicon.ico', () => {
    const out = makeSelfContained(page(''));
    expect(out).toMatch(/<link rel="icon" href="data:image\/svg\+xml,[^>]+>\s*<\/head>/);
    expect(makeSelfContained(out)).toBe(out);
  });

  it('leaves links the reader clicks, XML namespaces and data: URLs alone', () => {
    const html = page(
      '<a href="https://openapi.dajisaas.com">Daji</a><svg xmlns="http://www.w3.org/2000/svg"></svg>' +
        '<img src="data:image/png;base64,AAAA"><style>.x{background:url(data:image/svg+xml,abc)}</style>',
    );
    expect(findExternalLoads(html)).toEqual([]);
    expect(makeSelfContained(html).replace(/\s*<link rel="icon"[^>]*>\s*/, '')).toBe(html);
  });
});
