/**
 * Azure OpenAI key auth: `api-key`, what the official AzureOpenAI client sends on both URL shapes.
 * Never together with an unrelated Authorization header (azure-openai.md §4).
 * @see ../../../../shared/protocols/azure-openai.md §4
 */
export function signAzure(apiKey: string, headers: Headers): Headers {
  headers.delete('authorization')
  headers.set('api-key', apiKey)
  return headers
}
