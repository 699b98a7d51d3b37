/**
 * A preset base URL for the URL's auth. Regional endpoints are written with a `{region}`
 * placeholder (Bedrock: bedrock-runtime.{region}.amazonaws.com) and take the region the requests
 * are signed for, so the host and the SigV4 scope always agree.
 */
import type { UpstreamAuth } from '../proxy-config.ts'

export const REGION_PLACEHOLDER = '{region}'

/** AWS region names: us-east-1, eu-central-2, ap-southeast-4, us-gov-west-1. */
const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/

/** The URL with its region filled in; undefined when it needs a region this auth does not give. */
export function fillBaseUrl(baseUrl: string, auth: UpstreamAuth): string | undefined {
  if (!baseUrl.includes(REGION_PLACEHOLDER)) return baseUrl
  if (auth.type !== 'aws' || !AWS_REGION.test(auth.region)) return undefined
  return baseUrl.replaceAll(REGION_PLACEHOLDER, auth.region)
}
