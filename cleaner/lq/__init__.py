"""Line quality (LQ): per-line statistics and features of a document, and the shipped model that scores them."""
