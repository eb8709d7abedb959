/**
 * The tutorial's "Xavier initialization" snippet, ported line for line, then trained for one epoch.
 *   npm run example -- tutorial-3-xavier
 */
import { manual_seed, nn, type Tensor } from "nninit";
import { trainAndReport } from "./train.js";

class Net extends nn.Module {
  fc1 = new nn.Linear(784, 10);
  constructor() {
    super();
    nn.init.xavier_normal_(this.fc1.weight);
    nn.init.zeros_(this.fc1.bias);
  }
  forward(x: Tensor): Tensor {
    return this.fc1.forward(x);
  }
}

manual_seed(0);
trainAndReport("tutorial-3-xavier (Xavier initialization)", new Net());
