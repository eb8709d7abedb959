/** `torch.utils.data` (map-style datasets, samplers, DataLoader) and the MNIST datasets. */
export { type Dataset, type Collated, TensorDataset, default_collate } from "./dataset.js";
export {
  type Sampler, type Sized, type RandomSamplerOptions, SequentialSampler, RandomSampler, BatchSampler,
} from "./sampler.js";
export { DataLoader, DataLoaderIterator, type DataLoaderOptions } from "./dataloader.js";
export {
  MNIST, FashionMNIST, IdxImageDataset, type MNISTOptions, type MNISTSource, locate_mnist_files, embeddedSubsetDir,
} from "./mnist.js";
export {
  read_idx_images, read_idx_labels, parse_idx_images, parse_idx_labels, type IdxImages, type IdxLabels,
  IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC,
} from "./idx.js";
