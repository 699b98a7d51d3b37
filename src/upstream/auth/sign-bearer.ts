/** `Authorization: Bearer <key>`: OpenAI and most compatible providers, Bedrock API keys, Entra tokens. */
export function signBearer(token: string, headers: Headers): Headers {
  headers.set('authorization', `Bearer ${token}`)
  return headers
}
