/**
 * Bound to every interface while the generated URLs name a loopback origin (no --public-url):
 * other machines can reach the bridge, yet every URL it mints points at 127.0.0.1. Said at start
 * (stderr) and in the notes of every minted URL.
 */
export function loopbackPublicUrlWarning(host: string, publicUrl: string): string | undefined {
  if (host !== '0.0.0.0' && host !== '::') return undefined
  const shown = new URL(publicUrl).hostname.replace(/^\[|\]$/g, '')
  if (shown !== 'localhost' && shown !== '::1' && !shown.startsWith('127.')) return undefined
  return `Listening on ${host} (every interface) but generated URLs start with ${publicUrl}, which works only on this machine: set --public-url to the address other machines use.`
}
