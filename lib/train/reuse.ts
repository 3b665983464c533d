import { type Loss, isLibraryLoss } from "../losses/loss";
import { Dense } from "../nn/dense";
import { MLP } from "../nn/mlp";
import type { Model } from "../nn/model";
import { AdaGrad } from "../optim/adagrad";
import { Adam } from "../optim/adam";
import { Momentum } from "../optim/momentum";
import { GradientOptimizer, type Optimizer } from "../optim/optimizer";
import { RMSProp } from "../optim/rmsprop";
import { SGD } from "../optim/sgd";

/**
 * Whether fit may reuse a step's forward, loss and backward arrays in the next step (tensor/kernels/scratch.ts):
 * only when nothing outside the step's graph can keep any of them, that is
 * - the model is an MLP or a Dense layer whose forward is the library's own (not overridden on a subclass or an
 *   instance, every layer a Dense with its own forward); activations are the library's or Activation objects, whose
 *   f and f' see single numbers only;
 * - the loss is one the library made, its methods unchanged (`isLibraryLoss`).
 * fit asks every epoch: an onEpoch callback may change the model's layers.
 */
export function stepArraysReusable(model: Model, loss: Loss): boolean {
  return forwardKeepsNothing(model) && isLibraryLoss(loss);
}

function forwardKeepsNothing(model: Model): boolean {
  if (model instanceof Dense) return model.forward === Dense.prototype.forward;
  if (!(model instanceof MLP) || model.forward !== MLP.prototype.forward) return false;
  for (const layer of model.layers) if (!(layer instanceof Dense) || layer.forward !== Dense.prototype.forward) return false;
  return true;
}

/**
 * Whether fit may hand a step's weight gradients the arrays of the step before (tensor/kernels/scratch.ts): only with
 * an optimizer of the library's, its methods unchanged (not overridden on a subclass or the instance), which reads
 * a gradient during its step and keeps nothing of it. A user's optimizer may keep `p.grad` (e.g. the last gradient);
 * then every step's gradients are arrays of their own.
 */
export function optimizerKeepsNoGradient(optimizer: Optimizer): boolean {
  if (!(optimizer instanceof GradientOptimizer)) return false;
  const own = LIBRARY_OPTIMIZERS.find((c) => Object.getPrototypeOf(optimizer) === c.prototype);
  if (own === undefined) return false;
  const o = optimizer as unknown as Record<string, unknown>;
  const p = own.prototype as unknown as Record<string, unknown>;
  return o.step === GradientOptimizer.prototype.step && o.update === p.update && o.initialState === p.initialState;
}

const LIBRARY_OPTIMIZERS = [SGD, Momentum, AdaGrad, RMSProp, Adam];
