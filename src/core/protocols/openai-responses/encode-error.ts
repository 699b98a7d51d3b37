/**
 * BridgeError → the Responses client's error shapes. An HTTP error is the same body as OpenAI
 * Chat's (`{error:{message,type,param,code}}` plus the bridge's fields), so the OpenAI codec's
 * encoder serves both. Mid-stream the status cannot change: the error becomes an `error` event
 * (encode-stream.ts), whose fields come from `streamErrorFields`.
 * @see ../../../../../shared/protocols/openai-responses.md §8.6
 */
import type { BridgeError } from '../../errors.ts'
import { encodeErrorObject, encodeOpenaiError } from '../openai/encode-error.ts'

export { encodeOpenaiError as encodeOpenaiResponsesError }

export type StreamErrorFields = { code: string; message: string; param: string | null }

export function streamErrorFields(error: BridgeError): StreamErrorFields {
  const wire = encodeErrorObject(error)
  return { code: wire.code ?? wire.type, message: wire.message, param: wire.param }
}
