/** `nn.Parameter`: a tensor that a Module registers as learnable (requires_grad by default). */
import { Tensor } from "../tensor/tensor.js";
import type { DataOf, DType } from "../tensor/dtype.js";

export class Parameter<D extends DType = "float32"> extends Tensor<D> {
  constructor(data: Tensor<D>, requires_grad = true) {
    super(data.shape, data.dtype, data.data as DataOf<D>);
    this.requires_grad = requires_grad;
  }
}
