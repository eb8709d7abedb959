/**
 * The 5056-byte little-endian layout of `CPUGeneratorImplState` (x86-64 and ARM64),
 * which `torch.get_rng_state()` returns and `set_rng_state` reads:
 *
 * | offset | size | field |
 * |---|---|---|
 * | 0    | 8    | uint64 the_initial_seed |
 * | 8    | 4    | int32 left |
 * | 12   | 4    | int32 seeded (1) |
 * | 16   | 8    | uint64 next |
 * | 24   | 4992 | uint64 state[624] (each uint32 zero-extended) |
 * | 5016 | 8    | double normal_x (0) |
 * | 5024 | 8    | double normal_y: the cached double normal |
 * | 5032 | 8    | double normal_rho (0) |
 * | 5040 | 4    | int32 normal_is_valid |
 * | 5048 | 4    | float next_float_normal_sample |
 * | 5052 | 1    | bool is_next_float_normal_sample_valid |
 * Padding is zero because `get_state` value-initialises the struct.
 */
import { behaviour } from "../compat.js";
import { GeneratorError, show } from "../errors/index.js";
import { MT_N } from "./mt19937.js";

export const STATE_BYTES = 5056;
/** `CPUGeneratorImplStateLegacy`: the same layout without the float normal cache; 1.13 still reads it. */
export const LEGACY_STATE_BYTES = 5048;
const OFF_LEFT = 8, OFF_SEEDED = 12, OFF_NEXT = 16, OFF_WORDS = 24;
const OFF_NORMAL_Y = 5024, OFF_NORMAL_VALID = 5040, OFF_FLOAT_NORMAL = 5048, OFF_FLOAT_VALID = 5052;

export interface GeneratorState {
  seed: bigint;
  left: number;
  next: number;
  words: Uint32Array;
  doubleNormal: number | null;
  floatNormal: number | null;
}

export function encodeState(s: GeneratorState): Uint8Array {
  const bytes = new Uint8Array(STATE_BYTES);
  const v = new DataView(bytes.buffer);
  v.setBigUint64(0, s.seed, true);
  v.setInt32(OFF_LEFT, s.left, true);
  v.setInt32(OFF_SEEDED, 1, true);
  v.setBigUint64(OFF_NEXT, BigInt(s.next), true);
  for (let i = 0; i < MT_N; i++) v.setUint32(OFF_WORDS + 8 * i, s.words[i]!, true);
  if (s.doubleNormal !== null) {
    v.setFloat64(OFF_NORMAL_Y, s.doubleNormal, true);
    v.setInt32(OFF_NORMAL_VALID, 1, true);
  }
  if (s.floatNormal !== null) {
    v.setFloat32(OFF_FLOAT_NORMAL, s.floatNormal, true);
    bytes[OFF_FLOAT_VALID] = 1;
  }
  return bytes;
}

/** Parses and validates state bytes with `CPUGeneratorImpl::set_state`'s checks. */
export function decodeState(input: Uint8Array | ArrayBuffer | ArrayLike<number>): GeneratorState {
  const bytes = toBytes(input);
  const legacyOk = behaviour.acceptsLegacyState();
  if (bytes.length !== STATE_BYTES && !(legacyOk && bytes.length === LEGACY_STATE_BYTES)) {
    const expected = legacyOk
      ? `Expected either a CPUGeneratorImplStateLegacy of size ${LEGACY_STATE_BYTES} or a CPUGeneratorImplState of size ${STATE_BYTES}`
      : `Expected a CPUGeneratorImplState of size ${STATE_BYTES}`;
    throw new GeneratorError(
      `${expected} but found the input RNG state size to be ${bytes.length}. Pass the bytes from get_rng_state() / Generator.get_state() unchanged.`,
    );
  }
  const hasFloatCache = bytes.length === STATE_BYTES;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const seeded = v.getInt32(OFF_SEEDED, true);
  const left = v.getInt32(OFF_LEFT, true);
  const next = v.getBigUint64(OFF_NEXT, true);
  if (!(seeded !== 0 && left > 0 && left <= MT_N && next <= BigInt(MT_N))) {
    throw new GeneratorError(
      `Invalid mt19937 state: need seeded != 0, 0 < left <= ${MT_N} and next <= ${MT_N}, got seeded=${seeded}, left=${left}, next=${next}. The bytes are not a generator state; take them from get_rng_state().`,
    );
  }
  const words = new Uint32Array(MT_N);
  // set_state narrows each uint64 slot to its low 32 bits.
  for (let i = 0; i < MT_N; i++) words[i] = v.getUint32(OFF_WORDS + 8 * i, true);
  return {
    seed: v.getBigUint64(0, true),
    left,
    next: Number(next),
    words,
    doubleNormal: v.getInt32(OFF_NORMAL_VALID, true) !== 0 ? v.getFloat64(OFF_NORMAL_Y, true) : null,
    floatNormal: hasFloatCache && bytes[OFF_FLOAT_VALID] !== 0 ? v.getFloat32(OFF_FLOAT_NORMAL, true) : null,
  };
}

function toBytes(input: Uint8Array | ArrayBuffer | ArrayLike<number>): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (input === null || typeof input !== "object" || typeof (input as ArrayLike<number>).length !== "number") {
    throw new GeneratorError(`new_state must be a Uint8Array of ${STATE_BYTES} bytes, got ${show(input)}.`);
  }
  const arr = Array.from(input as ArrayLike<number>);
  const bad = arr.findIndex((b) => !Number.isInteger(b) || b < 0 || b > 255);
  if (bad >= 0) throw new GeneratorError(`new_state[${bad}] = ${show(arr[bad])} is not a byte (an integer in 0..255).`);
  return Uint8Array.from(arr);
}
