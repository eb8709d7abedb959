/**
 * The tutorial's "Random initialization" snippet, ported line for line, then trained for one epoch.
 *   npm run example -- tutorial-2-normal
 */
import { manual_seed, nn, type Tensor } from "nninit";
import { trainAndReport } from "./train.js";

class Net extends nn.Module {
  fc1 = new nn.Linear(784, 10);
  constructor() {
    super();
    nn.init.normal_(this.fc1.weight, { mean: 0, std: 0.01 });
    nn.init.normal_(this.fc1.bias, { mean: 0, std: 0.01 });
  }
  forward(x: Tensor): Tensor {
    return this.fc1.forward(x);
  }
}

manual_seed(0);
trainAndReport("tutorial-2-normal (Random initialization)", new Net());
