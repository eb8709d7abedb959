/**
 * Where initialisation starts to matter: a 784-256-256-256-10 ReLU MLP, He-initialised
 * (kaiming_normal_, fan_in) with zero biases, trained for one epoch.
 *   npm run example -- deep-mlp
 */
import { manual_seed, nn, type Tensor } from "nninit";
import { trainAndReport } from "./train.js";

class DeepMLP extends nn.Module {
  layers = new nn.Sequential(
    new nn.Linear(784, 256), new nn.ReLU(),
    new nn.Linear(256, 256), new nn.ReLU(),
    new nn.Linear(256, 256), new nn.ReLU(),
    new nn.Linear(256, 10),
  );
  constructor() {
    super();
    for (const m of this.modules()) {
      if (m instanceof nn.Linear) {
        nn.init.kaiming_normal_(m.weight, { mode: "fan_in", nonlinearity: "relu" });
        nn.init.zeros_(m.bias as nn.Parameter);
      }
    }
  }
  forward(x: Tensor): Tensor {
    return this.layers.forward(x);
  }
}

manual_seed(0);
trainAndReport("deep-mlp (He init)", new DeepMLP(), { lr: 0.05 });
