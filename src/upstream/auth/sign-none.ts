/** No credentials: local model servers (Ollama, llama.cpp) behind an allowlisted host. */
export function signNone(headers: Headers): Headers {
  return headers
}
