/** `nn.Embedding`: a learnable lookup table. */
import { no_grad } from "../../autograd/grad-mode.js";
import { normal_ } from "../../init/fill.js";
import { embedding, resolvePaddingIdx } from "../../ops/embedding.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Module, expectShape } from "../module.js";
import { Parameter, parameterTensor } from "../parameter.js";
import { checkFeatures } from "./checks.js";

export interface EmbeddingModuleOptions {
  /** This row is zeroed at init and never receives a gradient; negative counts from the end. */
  padding_idx?: number | null;
}

/**
 * weight (num_embeddings, embedding_dim). Default init as `Embedding.reset_parameters`:
 * `normal_(weight)` ~ N(0, 1) over the whole table (the padding row's draws still happen),
 * then row padding_idx is filled with 0.
 * @example new nn.Embedding(10, 3, { padding_idx: 0 })
 */
export class Embedding extends Module {
  readonly num_embeddings: number;
  readonly embedding_dim: number;
  /** Normalised to a non-negative index, as PyTorch stores it. */
  readonly padding_idx: number | null;
  weight: Parameter;

  constructor(num_embeddings: number, embedding_dim: number, options: EmbeddingModuleOptions = {}) {
    super();
    checkFeatures("Embedding", { num_embeddings, embedding_dim });
    this.num_embeddings = num_embeddings;
    this.embedding_dim = embedding_dim;
    this.padding_idx = resolvePaddingIdx(options.padding_idx, num_embeddings, "Embedding");
    this.weight = new Parameter(parameterTensor([num_embeddings, embedding_dim]));
    this.reset_parameters();
  }

  reset_parameters(): void {
    no_grad(() => {
      normal_(this.weight);
      if (this.padding_idx !== null) {
        const d = this.embedding_dim;
        this.weight.data.fill(0, this.padding_idx * d, (this.padding_idx + 1) * d);
      }
    });
  }

  forward(indices: Tensor): Tensor {
    if (indices.dtype !== "int64" && indices.dtype !== "int32") {
      expectShape(this, "input", `of integer indices in [0, ${this.num_embeddings}) (dtype int64 or int32, got ${indices.dtype})`, indices.shape);
    }
    return embedding(indices, this.weight, { padding_idx: this.padding_idx });
  }

  override extra_repr(): string {
    return `${this.num_embeddings}, ${this.embedding_dim}${this.padding_idx !== null ? `, padding_idx=${this.padding_idx}` : ""}`;
  }
}
