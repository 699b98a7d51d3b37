/**
 * The API reference as one self-contained HTML page, rendered on the server from the OpenAPI
 * document: every operation with its parameters, body and answers, and their schemas as nested
 * lists. No script and nothing fetched: it works offline, on a LAN without internet, under a CSP
 * that allows only its own inline style (by hash). Every string from the document is escaped.
 */
import { isObject, type JsonObject } from '../core/json-object.ts'
import type { OpenApiDocument } from './openapi-document.ts'

const STYLE = [
  'body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:960px;padding:1rem 1.5rem;color:#1d2433;background:#fff}',
  'h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2.5rem;border-top:1px solid #d6dae3;padding-top:1rem}h3{font-size:1rem;margin:1rem 0 .3rem}',
  'code,.path{font-family:ui-monospace,monospace}.method{display:inline-block;min-width:4.5em;font-weight:700;text-transform:uppercase}',
  '.get{color:#1a6b38}.post{color:#1d4ed8}.delete{color:#b42318}.put,.patch{color:#8a4b00}',
  'table{border-collapse:collapse;width:100%}td,th{text-align:left;vertical-align:top;border-bottom:1px solid #e6e9ef;padding:.3rem .5rem}',
  'ul.schema{margin:.2rem 0;padding-left:1.2rem}.type{color:#5b6577}.req{color:#b42318;font-size:.85em}',
  'nav ul{columns:2}p.desc{white-space:pre-line}',
  '@media (prefers-color-scheme:dark){body{background:#14171f;color:#e3e7ef}.type{color:#9aa4b8}h2{border-color:#333a48}td,th{border-color:#2a303c}}',
].join('\n')

/** The page's CSP: its own inline style only (by hash), nothing else at all. */
export const REFERENCE_CSP = `default-src 'none'; style-src 'sha256-${new Bun.CryptoHasher('sha256').update(STYLE).digest('base64')}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head']
const MAX_DEPTH = 8

export function renderApiReference(document: OpenApiDocument): string {
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => (isObject(item[method]) ? [{ path, method, operation: item[method] }] : [])),
  )
  const info = document.info
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escape(text(info.title))} reference</title><style>${STYLE}</style></head><body>`,
    `<h1>${escape(text(info.title))} <small class="type">${escape(text(info.version))}</small></h1>`,
    `<p class="desc">${escape(text(info.description))}</p>`,
    '<p>The machine-readable document: <a href="/api/openapi.json"><code>/api/openapi.json</code></a> (OpenAPI ' + escape(document.openapi) + ').</p>',
    '<nav><ul>',
    ...operations.map(({ path, method }) => `<li><a href="#${anchor(method, path)}"><span class="method ${method}">${method}</span> <span class="path">${escape(path)}</span></a></li>`),
    '</ul></nav>',
    ...operations.map(({ path, method, operation }) => renderOperation(path, method, operation)),
    ...renderComponents(document),
    '</body></html>',
  ].join('\n')
}

function renderOperation(path: string, method: string, operation: JsonObject): string {
  const parts = [`<section id="${anchor(method, path)}"><h2><span class="method ${method}">${method}</span> <span class="path">${escape(path)}</span></h2>`]
  if (typeof operation.summary === 'string') parts.push(`<p><strong>${escape(operation.summary)}</strong></p>`)
  if (typeof operation.description === 'string') parts.push(`<p class="desc">${escape(operation.description)}</p>`)
  const parameters = Array.isArray(operation.parameters) ? operation.parameters.filter(isObject) : []
  if (parameters.length > 0) {
    parts.push('<h3>Parameters</h3><table><tr><th>Name</th><th>In</th><th>Schema</th></tr>')
    for (const parameter of parameters) {
      const required = parameter.required === true ? ' <span class="req">required</span>' : ''
      parts.push(`<tr><td><code>${escape(text(parameter.name))}</code>${required}</td><td>${escape(text(parameter.in))}</td><td>${renderSchema(parameter.schema, 0)}</td></tr>`)
    }
    parts.push('</table>')
  }
  const body = isObject(operation.requestBody) && isObject(operation.requestBody.content) ? operation.requestBody.content : undefined
  if (body !== undefined) {
    for (const [mediaType, media] of Object.entries(body)) {
      parts.push(`<h3>Request body <span class="type">${escape(mediaType)}</span></h3>`, isObject(media) ? renderSchema(media.schema, 0) : '')
    }
  }
  const responses = isObject(operation.responses) ? operation.responses : {}
  parts.push('<h3>Answers</h3><table><tr><th>Status</th><th>Meaning and body</th></tr>')
  for (const [status, response] of Object.entries(responses)) {
    if (!isObject(response)) continue
    const content = isObject(response.content) ? Object.entries(response.content) : []
    const bodies = content.map(([mediaType, media]) => `<div class="type">${escape(mediaType)}</div>${isObject(media) ? renderSchema(media.schema, 0) : ''}`)
    parts.push(`<tr><td><code>${escape(status)}</code></td><td>${escape(text(response.description))}${bodies.join('')}</td></tr>`)
  }
  parts.push('</table></section>')
  return parts.join('\n')
}

function renderComponents(document: OpenApiDocument): string[] {
  const schemas = isObject(document.components) && isObject(document.components.schemas) ? Object.entries(document.components.schemas) : []
  if (schemas.length === 0) return []
  return [
    '<h2>Schemas</h2>',
    ...schemas.map(([name, schema]) => `<section id="${schemaAnchor(name)}"><h3><code>${escape(name)}</code></h3>${renderSchema(schema, 0)}</section>`),
  ]
}

/** A schema as a line (its type and constraints) and, for objects, arrays and unions, a nested list. */
function renderSchema(schema: unknown, depth: number): string {
  if (!isObject(schema)) return ''
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.slice(schema.$ref.lastIndexOf('/') + 1)
    return `<a href="#${schemaAnchor(name)}"><code>${escape(name)}</code></a>`
  }
  const description = typeof schema.description === 'string' ? ` — ${escape(schema.description)}` : ''
  const line = `<span class="type">${escape(describeType(schema))}</span>${description}`
  if (depth >= MAX_DEPTH) return line
  const alternatives = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined
  if (alternatives !== undefined) {
    return `${line}<ul class="schema">${alternatives.map((member) => `<li>${renderSchema(member, depth + 1)}</li>`).join('')}</ul>`
  }
  if (isObject(schema.properties)) {
    const required = new Set(Array.isArray(schema.required) ? schema.required : [])
    const items = Object.entries(schema.properties).map(([name, member]) => {
      const mark = required.has(name) ? ' <span class="req">required</span>' : ''
      return `<li><code>${escape(name)}</code>${mark}: ${renderSchema(member, depth + 1)}</li>`
    })
    return `${line}<ul class="schema">${items.join('')}</ul>`
  }
  if (isObject(schema.items)) return `${line}<ul class="schema"><li>items: ${renderSchema(schema.items, depth + 1)}</li></ul>`
  const patterns = isObject(schema.patternProperties) ? Object.values(schema.patternProperties) : []
  if (isObject(patterns[0])) return `${line}<ul class="schema"><li>each value: ${renderSchema(patterns[0], depth + 1)}</li></ul>`
  if (isObject(schema.additionalProperties)) return `${line}<ul class="schema"><li>each value: ${renderSchema(schema.additionalProperties, depth + 1)}</li></ul>`
  return line
}

function describeType(schema: JsonObject): string {
  if (schema.const !== undefined) return `= ${JSON.stringify(schema.const)}`
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((value) => JSON.stringify(value)).join(', ')}`
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : typeof schema.type === 'string' ? schema.type : Array.isArray(schema.anyOf) ? 'one of' : 'any'
  const facets: string[] = []
  for (const key of ['minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'format']) {
    if (schema[key] !== undefined) facets.push(`${key} ${String(schema[key])}`)
  }
  return facets.length === 0 ? type : `${type} (${facets.join(', ')})`
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

function schemaAnchor(name: string): string {
  return `schema-${name.replace(/[^A-Za-z0-9]+/g, '-')}`
}

function anchor(method: string, path: string): string {
  return `${method}-${path.replace(/[^A-Za-z0-9]+/g, '-')}`
}

function escape(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)
}
