/**
 * OpenAI's `encoding_format: "base64"`: a vector as the base64 of its little-endian float32 bytes
 * (openai-chat.md §9). The openai SDK asks for it by default and decodes it itself.
 */

export function encodeFloat32Base64(vector: readonly number[]): string {
  const view = new DataView(new ArrayBuffer(vector.length * 4))
  vector.forEach((value, index) => view.setFloat32(index * 4, value, true))
  let binary = ''
  const bytes = new Uint8Array(view.buffer)
  for (let index = 0; index < bytes.length; index++) binary += String.fromCharCode(bytes[index]!)
  return btoa(binary)
}

/** Undefined when `text` is not base64 of whole float32 values. */
export function decodeFloat32Base64(text: string): number[] | undefined {
  let binary: string
  try {
    binary = atob(text)
  } catch {
    return undefined
  }
  if (binary.length % 4 !== 0) return undefined
  const view = new DataView(new ArrayBuffer(binary.length))
  for (let index = 0; index < binary.length; index++) view.setUint8(index, binary.charCodeAt(index))
  const vector: number[] = []
  for (let offset = 0; offset < binary.length; offset += 4) vector.push(view.getFloat32(offset, true))
  return vector
}
