/**
 * The server's environment block (`NAME=value` lines) as each shell wants it. Plain `NAME=value`
 * lines set shell variables only: a `claude` started afterwards never sees them, so every form
 * here exports them, or passes them on the command line of the one command.
 */
export type Shell = 'posix' | 'fish' | 'powershell' | 'command'

export const SHELLS: { id: Shell; label: string }[] = [
  { id: 'posix', label: 'bash / zsh' },
  { id: 'fish', label: 'fish' },
  { id: 'powershell', label: 'PowerShell' },
  { id: 'command', label: 'One command' },
]

export type EnvVar = { name: string; value: string }

/** undefined when the block is not plain assignments (a comment explaining why there is none). */
export function parseEnvBlock(block: string): EnvVar[] | undefined {
  const vars: EnvVar[] = []
  for (const line of block.split('\n')) {
    if (line.trim() === '') continue
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line)
    if (match === null) return undefined
    vars.push({ name: match[1] ?? '', value: match[2] ?? '' })
  }
  return vars.length === 0 ? undefined : vars
}

/** POSIX single quotes: only the quote itself needs care. */
function posixQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`
}

/** fish single quotes: backslash and quote are escaped with a backslash. */
function fishQuote(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`
}

/** PowerShell single quotes: a quote is doubled. */
function powershellQuote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}

export function formatEnv(shell: Shell, vars: readonly EnvVar[], command: string): string {
  switch (shell) {
    case 'posix':
      return vars.map((item) => `export ${item.name}=${posixQuote(item.value)}`).join('\n')
    case 'fish':
      return vars.map((item) => `set -gx ${item.name} ${fishQuote(item.value)}`).join('\n')
    case 'powershell':
      return vars.map((item) => `$env:${item.name} = ${powershellQuote(item.value)}`).join('\n')
    case 'command':
      return [...vars.map((item) => `${item.name}=${posixQuote(item.value)}`), command].join(' ')
  }
}
