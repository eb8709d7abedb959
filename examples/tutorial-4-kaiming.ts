/**
 * The tutorial's "He initialization" snippet, ported line for line, then trained for one epoch.
 *   npm run example -- tutorial-4-kaiming
 */
import { manual_seed, nn, type Tensor } from "nninit";
import { trainAndReport } from "./train.js";

class Net extends nn.Module {
  fc1 = new nn.Linear(784, 10);
  constructor() {
    super();
    nn.init.kaiming_normal_(this.fc1.weight, { mode: "fan_in", nonlinearity: "relu" });
    nn.init.zeros_(this.fc1.bias);
  }
  forward(x: Tensor): Tensor {
    return this.fc1.forward(x);
  }
}

manual_seed(0);
trainAndReport("tutorial-4-kaiming (He initialization)", new Net());
