/**
 * Translation warning codes (WarningSink in src/core/model/warning.ts, added by the codecs and
 * the proxy) in words: what kind of change the bridge made, one sentence each. The warning's own
 * message says what exactly; an unknown code keeps just that message.
 */
const SENTENCES: Record<string, string> = {
  'dropped-field': 'A request field the upstream protocol has no equivalent for was removed.',
  'dropped-content': 'Content the upstream cannot take was left out of the conversation.',
  'dropped-reasoning': 'Reasoning from another provider was left out: it is only valid where it was made.',
  'dropped-image': 'An image was left out: the upstream cannot take it in this form.',
  'dropped-document': 'A document was left out: the upstream cannot take it in this form.',
  'dropped-tool': 'A tool the upstream cannot run was removed from the request.',
  'dropped-item': 'An input item only its own provider can read was removed.',
  'dropped-server-tool-block': 'A server-side tool call was removed: it runs only at the provider that made it.',
  'builtin-tool-removed': "A provider's built-in tool was removed: it runs only on that provider's upstreams.",
  'clamped-max-tokens': "The output token limit was lowered to the model's maximum.",
  'raised-max-tokens': 'The output token limit was raised to leave room for the thinking budget.',
  'clamped-field': 'A value outside the range the upstream accepts was brought within it.',
  'clamped-stop-sequences': 'Stop sequences beyond the number the upstream accepts were dropped.',
  'clamped-reasoning-effort': 'The reasoning effort was brought to a level the upstream model offers.',
  'clamped-reasoning-budget': 'The thinking budget was brought within what the upstream model accepts.',
  'approximated-field': 'A setting was sent as the closest equivalent the upstream has.',
  'approximated-reasoning': 'The reasoning setting was sent as the closest equivalent the upstream has.',
  'approximated-tool-choice': 'The tool choice was sent as the closest equivalent the upstream has.',
  'changed-tool-choice': 'The tool choice was changed to one the upstream accepts with this request.',
  'disabled-thinking': 'Thinking was turned off for this request, which the upstream would otherwise refuse.',
  'emulated-response-format': 'The structured-output format was emulated with instructions, as the upstream has no native one.',
  'emulated-compaction': 'The conversation was compacted by asking the upstream model for a summary.',
  'emulated-count-tokens': 'The upstream has no token counter after all: the bridge counted the tokens itself.',
  'emulated-model-list': "The upstream has no model list after all: the bridge answered with the URL's own model names.",
  'declared-history-tools': 'Tools called in the history but not defined were declared, and made uncallable.',
  'added-tool-definitions': 'Tool definitions were added for tool calls in the history, as the upstream requires.',
  'added-text-block': 'A text block was added beside a document, as the upstream requires.',
  'filled-empty-tool-result': 'An empty tool result was filled with a placeholder, as the upstream refuses empty ones.',
  'missing-tool-result': 'A tool call without a result got an error result, as the upstream requires one.',
  'orphan-tool-result': 'A tool result without a matching call was sent as text.',
  'invalid-tool-arguments': 'Tool-call arguments that were not a JSON object were replaced by an empty object.',
  'unknown-tool-name': 'A tool result that names no call of the conversation was sent under a placeholder name.',
  'sanitized-tool-schema': "Tool schema keywords the upstream rejects were removed from the tools' parameters.",
  'normalized-tool-schema': 'Tool schema keywords only the client protocol knows were removed.',
  'placeholder-thought-signature': 'Tool calls from another provider were sent with a placeholder thought signature.',
  'deprecated-field': 'A legacy form of the request was converted to its current equivalent.',
  'hashed-field': 'A value over the upstream length limit was replaced by its hash.',
  'unknown-patch': 'The URL names a request patch this server does not have; it was skipped.',
  'upstream-refusal': "The upstream refused the prompt by policy; the client got a refusal answer in its own protocol.",
  'stream-grammar-violation': 'The translated stream broke its protocol rules at one point (a bridge bug worth reporting); the stream went on unchanged.',
}

export function describeWarning(code: string): string | undefined {
  return SENTENCES[code]
}
