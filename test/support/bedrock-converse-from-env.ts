/**
 * A Converse call configured only by the environment, as the generate-url snippet of a bedrock
 * URL sets it (AWS_ENDPOINT_URL_BEDROCK_RUNTIME, dummy keys, AWS_REGION), plus the HTTP/1.1
 * handler an http:// bridge needs. Run as a child process; prints the answer's text as JSON.
 */
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime'
import { NodeHttpHandler } from '@smithy/node-http-handler'

const client = new BedrockRuntimeClient({ requestHandler: new NodeHttpHandler(), maxAttempts: 1 })
const output = await client.send(new ConverseCommand({ modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', messages: [{ role: 'user', content: [{ text: 'Say hello' }] }] }))
console.log(JSON.stringify({ text: output.output?.message?.content?.[0]?.text, stopReason: output.stopReason }))
client.destroy()
