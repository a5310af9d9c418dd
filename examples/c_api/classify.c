/* A C program that calls a model compiled by quant-compile: reads one 8x8
 * digit image (64 floats, whitespace-separated) from stdin, prints the
 * predicted class and the logits. See docs/model-api.md.
 *
 *   quant-compile examples/digits_cnn.onnx --calib examples/digits/calib.npy -o out/digits.so
 *   cc -I out examples/c_api/classify.c out/digits.so -Wl,-rpath,'$ORIGIN' -o out/classify
 *   out/classify < sample.txt
 */
#include "digits.h" /* generated beside digits.so */

#include <stdio.h>

int main(void) {
  const qmodel_info_t *info = qmodel_info();
  printf("model %s (%s, %s kernels)\n", info->name, info->precision, info->backend);

  float input[QMODEL_INPUT_0_ELEMENTS];
  for (int i = 0; i < QMODEL_INPUT_0_ELEMENTS; ++i)
    if (scanf("%f", &input[i]) != 1) {
      fprintf(stderr, "expected %d numbers on stdin\n", QMODEL_INPUT_0_ELEMENTS);
      return 1;
    }
  float logits[QMODEL_OUTPUT_0_ELEMENTS];
  const int64_t in_dims[] = QMODEL_INPUT_0_DIMS;
  const int64_t out_dims[] = QMODEL_OUTPUT_0_DIMS;
  qmodel_tensor in = {QMODEL_INPUT_0_DTYPE, QMODEL_INPUT_0_RANK, in_dims, input};
  qmodel_tensor out = {QMODEL_OUTPUT_0_DTYPE, QMODEL_OUTPUT_0_RANK, out_dims, logits};

  qmodel_options options = {1, 0}; /* 1 thread, no flags */
  qmodel *model = NULL;
  if (qmodel_create(&options, &model) != 0) {
    fprintf(stderr, "create: %s\n", qmodel_last_error());
    return 1;
  }
  if (qmodel_run(model, &in, 1, &out, 1) != 0) {
    fprintf(stderr, "run: %s\n", qmodel_last_error());
    qmodel_destroy(model);
    return 1;
  }
  int best = 0;
  for (int i = 1; i < QMODEL_OUTPUT_0_ELEMENTS; ++i)
    if (logits[i] > logits[best])
      best = i;
  printf("class %d\nlogits", best);
  for (int i = 0; i < QMODEL_OUTPUT_0_ELEMENTS; ++i)
    printf(" %.4f", logits[i]);
  printf("\n");

  /* A wrong shape is an error with a message, never a crash. */
  const int64_t bad_dims[] = {1, 1, 8, 9};
  qmodel_tensor bad = {QMODEL_F32, 4, bad_dims, input};
  if (qmodel_run(model, &bad, 1, &out, 1) == 0) {
    fprintf(stderr, "a wrong input shape was accepted\n");
    return 1;
  }
  printf("wrong shape rejected: %s\n", qmodel_last_error());
  qmodel_destroy(model);
  return 0;
}
