// Daji's request signature, computed before every request of this collection.
//
// Daji authenticates a call by `sign`: the upper-case hex MD5 of the request's own parameters — the query
// of a request without a body, else the text fields of a form or the top-level properties of a JSON body —
// sorted by name, written `name=value` with the raw (not URL-encoded) value, joined by `&`, followed by
// `&secret=<appSecret>`. Nulls are left out, empty strings stay, nested JSON values sign as compact JSON.
// This script puts the collection variables `appKey` and the computed `sign` into the request (replacing
// whatever the examples held) and never sends `appSecret` itself.
// Everything runs inside one function so nothing leaks into, or clashes with, the sandbox's globals.
(function signDajiRequest() {
  const cryptoJs = require('crypto-js');

  const CREDENTIALS = ['appKey', 'sign', 'appSecret'];

  const appKey = pm.variables.get('appKey');
  const appSecret = pm.variables.get('appSecret');
  if (!appKey || !appSecret) {
    throw new Error(
      'Daji signing: set the collection variables appKey and appSecret (Collection > Variables) to your app credentials from the Daji console, or to demoKey123 / demoSecret456 for the local mock.',
    );
  }

  const request = pm.request;
  const body = request.body && !request.body.disabled && request.body.mode ? request.body : undefined;
  const resolve = (text) => (text == null ? '' : pm.variables.replaceIn(String(text)));
  const isCredential = (key) => CREDENTIALS.indexOf(key) !== -1;

  if (body && body.mode === 'raw' && resolve(body.raw).trim() !== '') {
    signJsonBody(body);
  } else if (body && (body.mode === 'formdata' || body.mode === 'urlencoded')) {
    signForm(body[body.mode]);
  } else {
    signQuery(request.url.query);
  }

  /** `name=value` pairs in any order → Daji's sign. Pairs sharing a name keep their order (stable sort). */
  function dajiSign(pairs, secret) {
    const sorted = pairs.slice().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    let text = '';
    for (const [key, value] of sorted) text += `${key}=${value}&`;
    return cryptoJs.MD5(`${text}secret=${secret}`).toString(cryptoJs.enc.Hex).toUpperCase();
  }

  function signQuery(query) {
    const pairs = [['appKey', appKey]];
    query.each((param) => {
      if (param.disabled) return;
      const key = formDecode(resolve(param.key));
      if (isCredential(key)) return;
      pairs.push([key, formDecode(resolve(param.value))]);
    });
    query.remove((param) => isCredential(formDecode(resolve(param.key))));
    query.add({ key: 'appKey', value: encodeURIComponent(appKey) });
    query.add({ key: 'sign', value: dajiSign(pairs, appSecret) });
  }

  // A query or form value as the server decodes it: `+` is a space and %XX sequences are UTF-8 bytes.
  // Postman sends %XX sequences as they are and percent-encodes everything else that needs it.
  function formDecode(text) {
    return text.replace(/\+/g, ' ').replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }

  function signForm(fields) {
    const pairs = [['appKey', appKey]];
    fields.each((field) => {
      if (field.disabled || field.type === 'file') return;
      const key = resolve(field.key);
      if (isCredential(key)) return;
      field.value = resolve(field.value);
      // Postman sends urlencoded fields as typed, so the server decodes them like a query.
      pairs.push([key, request.body.mode === 'urlencoded' ? formDecode(field.value) : field.value]);
    });
    fields.remove((field) => isCredential(resolve(field.key)));
    const type = request.body.mode === 'formdata' ? { type: 'text' } : {};
    fields.add(Object.assign({ key: 'appKey', value: appKey }, type));
    fields.add(Object.assign({ key: 'sign', value: dajiSign(pairs, appSecret) }, type));
  }

  function signJsonBody(raw) {
    const text = resolve(raw.raw);
    const members = topLevelMembers(text);
    const pairs = [['appKey', appKey]];
    const kept = [];
    for (const [key, value] of members) {
      if (isCredential(key)) continue;
      kept.push(`${JSON.stringify(key)}:${value}`);
      if (value === 'null') continue;
      const first = value[0];
      if (first === '"') pairs.push([key, JSON.parse(value)]);
      else if (first === '{' || first === '[') pairs.push([key, compact(value)]);
      else pairs.push([key, value]); // numbers keep every digit as written: 19-digit ids stay exact
    }
    const sign = dajiSign(pairs, appSecret);
    raw.raw = `{${[`"appKey":${JSON.stringify(appKey)}`, ...kept, `"sign":"${sign}"`].join(',')}}`;
  }

  /** A JSON object's top-level members as [key, exact JSON text of the value], never converting a number. */
  function topLevelMembers(text) {
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(
        'Daji signing: the request body is not valid JSON. Daji reads appKey and sign from top-level properties of a JSON object body.',
      );
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error('Daji signing: the JSON body must be an object; Daji signs its top-level properties.');
    }
    const members = new Map();
    let i = skipSpace(text, 0) + 1;
    for (;;) {
      i = skipSpace(text, i);
      if (text[i] === '}') break;
      const keyEnd = endOfString(text, i);
      const key = JSON.parse(text.slice(i, keyEnd));
      i = skipSpace(text, skipSpace(text, keyEnd) + 1);
      const valueEnd = endOfValue(text, i);
      members.delete(key); // a repeated key: the last one wins, as in JSON.parse
      members.set(key, text.slice(i, valueEnd).trim());
      i = skipSpace(text, valueEnd);
      if (text[i] === ',') i++;
    }
    return [...members];
  }

  function compact(json) {
    let out = '';
    for (let i = 0; i < json.length; i++) {
      if (json[i] === '"') {
        const end = endOfString(json, i);
        out += json.slice(i, end);
        i = end - 1;
      } else if (!' \n\r\t'.includes(json[i])) {
        out += json[i];
      }
    }
    return out;
  }

  function skipSpace(text, i) {
    while (i < text.length && ' \n\r\t'.includes(text[i])) i++;
    return i;
  }

  function endOfString(text, i) {
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] === '\\') j++;
      else if (text[j] === '"') return j + 1;
    }
    return text.length;
  }

  function endOfValue(text, i) {
    const c = text[i];
    if (c === '"') return endOfString(text, i);
    if (c === '{' || c === '[') {
      let depth = 0;
      for (let j = i; j < text.length; j++) {
        if (text[j] === '"') j = endOfString(text, j) - 1;
        else if (text[j] === '{' || text[j] === '[') depth++;
        else if (text[j] === '}' || text[j] === ']') {
          depth--;
          if (depth === 0) return j + 1;
        }
      }
      return text.length;
    }
    let j = i;
    while (j < text.length && text[j] !== ',' && text[j] !== '}') j++;
    return j;
  }
})();
