import { describe, expect, test } from 'bun:test'
import { TokenCalibration } from '../../../src/core/tokens/calibrate-tokens.ts'

/** A fixed-seed generator: the synthetic streams are the same on every run. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state / 2 ** 31
  }
}

describe('per-model calibration of the local estimate', () => {
  test('every request teaches a model until its window is full, then one in sampleEvery', () => {
    const calibration = new TokenCalibration({ window: 4, minSamples: 1, minFactor: 0.5, maxFactor: 2, maxModels: 4, sampleEvery: 3 })
    for (let i = 0; i < 4; i++) {
      expect(calibration.wants('m')).toBe(true)
      calibration.record('m', 100, 120)
    }
    expect([1, 2, 3, 4, 5, 6].map(() => calibration.wants('m'))).toEqual([false, false, true, false, false, true])
    expect(calibration.wants('other')).toBe(true)
  })

  test('converges on the true ratio of a noisy stream of (estimate, actual) pairs, outliers and cache-hit zeros included', () => {
    const calibration = new TokenCalibration()
    const next = random(7)
    const errors: number[] = []
    for (let index = 0; index < 200; index++) {
      const estimate = 2_000 + Math.floor(next() * 50_000)
      // The model's tokenizer needs 1.18 tokens per estimated token, ±6 %.
      let actual = Math.round(estimate * 1.18 * (0.94 + next() * 0.12))
      if (index % 17 === 0) actual = estimate * 9 // a server tool inflating one request's count
      if (index % 23 === 0) actual = 0 // a cache hit reported as no input
      calibration.record('llama-3.3-70b', estimate, actual)
      errors.push(Math.abs(calibration.factor('llama-3.3-70b') - 1.18))
    }
    expect(errors.at(-1)!).toBeLessThan(0.03)
    // Converged early, and stays there.
    expect(Math.max(...errors.slice(20))).toBeLessThan(0.05)
  })

  test('follows a model whose ratio changes, within one window', () => {
    const calibration = new TokenCalibration({ window: 20, minSamples: 3, minFactor: 0.5, maxFactor: 2, maxModels: 8 })
    for (let index = 0; index < 20; index++) calibration.record('m', 1000, 900)
    expect(calibration.factor('m')).toBeCloseTo(0.9)
    for (let index = 0; index < 20; index++) calibration.record('m', 1000, 1300)
    expect(calibration.factor('m')).toBeCloseTo(1.3)
  })

  test('is 1 until enough requests are seen, keeps models apart, and stays within its bounds', () => {
    const calibration = new TokenCalibration()
    calibration.record('a', 100, 150)
    calibration.record('a', 100, 150)
    expect(calibration.factor('a')).toBe(1)
    calibration.record('a', 100, 150)
    expect(calibration.factor('a')).toBeCloseTo(1.5)
    expect(calibration.factor('b')).toBe(1)
    for (let index = 0; index < 5; index++) calibration.record('c', 100, 10_000)
    expect(calibration.factor('c')).toBe(2)
    for (let index = 0; index < 5; index++) calibration.record('d', 10_000, 1)
    expect(calibration.factor('d')).toBe(0.5)
    expect(calibration.apply('a', 101)).toBe(152)
  })

  test('forgets the oldest model past its model limit', () => {
    const calibration = new TokenCalibration({ window: 5, minSamples: 1, minFactor: 0.5, maxFactor: 2, maxModels: 2 })
    calibration.record('first', 100, 120)
    calibration.record('second', 100, 130)
    calibration.record('third', 100, 140)
    expect(calibration.samples('first')).toBe(0)
    expect(calibration.factor('third')).toBeCloseTo(1.4)
  })
})
