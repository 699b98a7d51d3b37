/**
 * Bedrock toolConfig → canonical tools, built-in tools and tool choice. `systemTool` entries
 * (Bedrock-hosted tools) have no canonical form: they ride in builtinTools for a Bedrock target.
 * @see ../../../../../shared/protocols/bedrock-converse.md §3.2
 */
import type { BuiltinTool, ToolChoice, ToolDefinition, WarningSink } from '../../model/index.ts'
import { decodeCachePoint } from './decode-content.ts'
import { fail, isObject, optionalString, readArray, readObject, readString, unionKey } from './read-json.ts'

export type DecodedToolConfig = { tools: ToolDefinition[]; builtinTools: BuiltinTool[]; toolChoice?: ToolChoice }

function decodeToolChoice(value: unknown): ToolChoice | undefined {
  if (value === undefined || value === null) return undefined
  const choice = readObject(value, 'toolConfig.toolChoice')
  if (isObject(choice.auto)) return 'auto'
  if (isObject(choice.any)) return 'required'
  if (isObject(choice.tool)) return { name: readString(choice.tool.name, 'toolConfig.toolChoice.tool.name') }
  return fail('toolConfig.toolChoice', 'one of auto, any, tool')
}

export function decodeToolConfig(value: unknown, warnings: WarningSink): DecodedToolConfig {
  const decoded: DecodedToolConfig = { tools: [], builtinTools: [] }
  if (value === undefined || value === null) return decoded
  const config = readObject(value, 'toolConfig')
  readArray(config.tools ?? [], 'toolConfig.tools').forEach((item, index) => {
    const path = `toolConfig.tools[${index}]`
    const tool = readObject(item, path)
    const key = unionKey(tool)
    if (key === 'cachePoint') {
      const previous = decoded.tools.at(-1)
      if (previous) previous.cacheControl = decodeCachePoint(tool.cachePoint, `${path}.cachePoint`)
    } else if (key === 'toolSpec') {
      const spec = readObject(tool.toolSpec, `${path}.toolSpec`)
      const schema = readObject(spec.inputSchema, `${path}.toolSpec.inputSchema`)
      const definition: ToolDefinition = { name: readString(spec.name, `${path}.toolSpec.name`), inputSchema: readObject(schema.json, `${path}.toolSpec.inputSchema.json`) }
      const description = optionalString(spec.description, `${path}.toolSpec.description`)
      if (description !== undefined) definition.description = description
      if (spec.strict === true) warnings.add('dropped-field', 'strict tool schemas have no canonical form', `${path}.toolSpec.strict`)
      decoded.tools.push(definition)
    } else if (key === 'systemTool') {
      const name = readString(readObject(tool.systemTool, `${path}.systemTool`).name, `${path}.systemTool.name`)
      decoded.builtinTools.push({ protocol: 'bedrock', type: name, definition: tool })
    } else fail(path, 'toolSpec, systemTool or cachePoint')
  })
  const toolChoice = decodeToolChoice(config.toolChoice)
  if (toolChoice !== undefined) decoded.toolChoice = toolChoice
  return decoded
}
