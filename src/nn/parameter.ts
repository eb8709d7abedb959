/** `nn.Parameter`: a tensor that a Module registers as learnable (requires_grad by default). */
import { Tensor } from "../tensor/tensor.js";
import { allocateLongLived, type DataOf, type DType } from "../tensor/dtype.js";
import { numelOf } from "../tensor/shape.js";

export class Parameter<D extends DType = "float32"> extends Tensor<D> {
  constructor(data: Tensor<D>, requires_grad = true) {
    super(data.shape, data.dtype, data.data as DataOf<D>);
    this.requires_grad = requires_grad;
  }
}

/**
 * A float32 tensor for a layer's own parameter, filled with `value` (uninitialised layers get
 * 0 and their reset_parameters() draws over it). Its storage lives as long as the layer, so the
 * kernels may keep it resident in WebAssembly memory and read and update it in place
 * (src/kernels/wasm/storage.ts); `new Parameter(t)` on a user's tensor keeps that tensor's storage.
 */
export function parameterTensor(shape: readonly number[], value = 0): Tensor<"float32"> {
  const data = allocateLongLived("float32", numelOf(shape));
  if (value !== 0) data.fill(value);
  return new Tensor(shape, "float32", data);
}
