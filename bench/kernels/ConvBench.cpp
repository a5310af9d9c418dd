// Int8 conv throughput (GOPS) of the libquantrt backends vs this core's vpdpbusd peak.
//
// Run at one thread: OMP_WAIT_POLICY=passive ./quantrt-bench-conv
// GOPS counts 2 ops per multiply-accumulate (CPU time); "of peak" divides by
// the int8 peak measured at startup by a register-only vpdpbusd loop (12
// independent zmm accumulators, 64 MACs per instruction), also on CPU time.
#include "quantrt/quantrt.h"
#if defined(__x86_64__)
#include "../peak/PeakLoops.h"
#endif

#include <benchmark/benchmark.h>

#include <algorithm>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace {

double gPeakGops = 0.0;

/// Thread CPU time: on this shared VM wall time includes steal; Google
/// Benchmark's counters below are per CPU time too, so the ratio is consistent.
double threadSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/// Best of 5 runs of ~50 ms each; ops = 2 per multiply-accumulate.
double measurePeakGops() {
#if defined(__x86_64__)
  if (!__builtin_cpu_supports("avx512vnni"))
    return 0.0;
  const long iters = 2000000;
  double best = 0.0;
  for (int r = 0; r < 5; ++r) {
    double t0 = threadSeconds();
    peak::loopInt8(iters);
    double s = threadSeconds() - t0;
    best = std::max(best, 2.0 * peak::kInt8MacsPerIter * iters / s / 1e9);
  }
  return best;
#else
  return 0.0;
#endif
}

qrt_tensor_desc desc(qrt_dtype t, std::initializer_list<int64_t> dims, float s, int32_t z) {
  qrt_tensor_desc d{};
  d.dtype = t;
  d.rank = (int32_t)dims.size();
  int i = 0;
  for (int64_t v : dims)
    d.dims[i++] = v;
  d.quant.scale = s;
  d.quant.zero_point = z;
  d.quant.axis = -1;
  return d;
}

struct ConvShape {
  const char *name;
  int64_t C, O, H, K, S, P;
};

// Every distinct ResNet-18 conv (batch 1, 224x224 input); the first
// 64->64 3x3 on 56x56 is the headline shape.
const ConvShape kShapes[] = {
    {"64x64_3x3_56", 64, 64, 56, 3, 1, 1},    {"3x64_7x7s2_224", 3, 64, 224, 7, 2, 3},
    {"64x128_3x3s2_56", 64, 128, 56, 3, 2, 1}, {"64x128_1x1s2_56", 64, 128, 56, 1, 2, 0},
    {"128x128_3x3_28", 128, 128, 28, 3, 1, 1}, {"128x256_3x3s2_28", 128, 256, 28, 3, 2, 1},
    {"128x256_1x1s2_28", 128, 256, 28, 1, 2, 0}, {"256x256_3x3_14", 256, 256, 14, 3, 1, 1},
    {"256x512_3x3s2_14", 256, 512, 14, 3, 2, 1}, {"256x512_1x1s2_14", 256, 512, 14, 1, 2, 0},
    {"512x512_3x3_7", 512, 512, 7, 3, 1, 1},
};

void BM_Conv(benchmark::State &state, qrt_backend backend, ConvShape sh) {
  // oneDNN: u8 activations (zero point 128) x s8 per-channel weights, ReLU;
  // XNNPACK: s8 activations x s8 per-channel weights (qc8), ReLU.
  const bool xnn = backend == QRT_BACKEND_XNNPACK;
  const qrt_dtype at = xnn ? QRT_S8 : QRT_U8;
  const int32_t zx = xnn ? 0 : 128;
  qrt_context_options o{1, backend, QRT_CONTEXT_STRICT};
  qrt_context *ctx = nullptr;
  if (qrt_context_create(&o, &ctx) != QRT_OK) {
    state.SkipWithError(qrt_last_error());
    return;
  }
  const int64_t OH = (sh.H + 2 * sh.P - sh.K) / sh.S + 1;
  std::vector<float> wscales(sh.O, 0.004f);
  std::vector<int8_t> w(sh.O * sh.K * sh.K * sh.C);
  std::vector<int32_t> bias(sh.O, 100);
  std::mt19937 g(1);
  for (auto &v : w)
    v = (int8_t)((int)(g() % 255) - 127);
  qrt_conv2d_params p{};
  p.input = desc(at, {1, sh.H, sh.H, sh.C}, 0.02f, zx);
  p.filter = desc(QRT_S8, {sh.O, sh.K, sh.K, sh.C}, 1.f, 0);
  p.filter.quant.axis = 0;
  p.filter.quant.scales = wscales.data();
  p.bias = desc(QRT_S32, {sh.O}, 1.f, 0);
  p.output = desc(at, {1, OH, OH, sh.O}, 0.05f, xnn ? -128 : 0);
  p.filter_data = w.data();
  p.bias_data = bias.data();
  p.strides[0] = p.strides[1] = (int32_t)sh.S;
  p.pads[0] = p.pads[1] = p.pads[2] = p.pads[3] = (int32_t)sh.P;
  p.activation.kind = QRT_ACT_RELU;
  qrt_kernel *k = nullptr;
  if (qrt_conv2d_create(ctx, backend, &p, &k) != QRT_OK) {
    state.SkipWithError(qrt_last_error());
    qrt_context_destroy(ctx);
    return;
  }
  std::vector<uint8_t> x(sh.H * sh.H * sh.C + QRT_INPUT_PADDING_BYTES, 130);
  std::vector<uint8_t> y(OH * OH * sh.O);
  const void *ins[1] = {x.data()};
  void *outs[1] = {y.data()};
  for (auto _ : state) {
    if (qrt_kernel_run(k, ins, 1, outs, 1) != QRT_OK) {
      state.SkipWithError(qrt_last_error());
      break;
    }
    benchmark::ClobberMemory();
  }
  const double ops = 2.0 * OH * OH * sh.O * sh.K * sh.K * sh.C;
  state.counters["ops"] = benchmark::Counter(ops, benchmark::Counter::kIsIterationInvariantRate);
  qrt_kernel_destroy(k);
  qrt_context_destroy(ctx);
}

/// Console output plus a summary table: GOPS and the ratio to the peak.
class SummaryReporter : public benchmark::ConsoleReporter {
public:
  void ReportRuns(const std::vector<Run> &runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run &r : runs) {
      auto it = r.counters.find("ops");
      if (it != r.counters.end() && !r.error_occurred)
        rows.push_back({r.benchmark_name(), it->second.value / 1e9});
    }
  }
  void printSummary() const {
    std::printf("\n%-48s %10s %12s\n", "benchmark (1 thread, CPU time)", "GOPS", "of peak");
    for (const auto &row : rows)
      std::printf("%-48s %10.1f %11.1f%%\n", row.first.c_str(), row.second,
                  gPeakGops > 0 ? 100.0 * row.second / gPeakGops : 0.0);
  }
  std::vector<std::pair<std::string, double>> rows;
};

} // namespace

int main(int argc, char **argv) {
  setenv("OMP_NUM_THREADS", "1", 0);
  setenv("OMP_WAIT_POLICY", "passive", 0);
  gPeakGops = measurePeakGops();
  std::printf("int8 peak (vpdpbusd zmm, 1 thread): %.1f GOPS (%.1f GMAC/s)\n", gPeakGops,
              gPeakGops / 2);
  benchmark::AddCustomContext("int8_peak_gops", std::to_string(gPeakGops));
  for (qrt_backend b : {QRT_BACKEND_ONEDNN, QRT_BACKEND_XNNPACK}) {
    if (!qrt_backend_available(b))
      continue;
    for (const ConvShape &s : kShapes)
      benchmark::RegisterBenchmark(
          (std::string("conv_int8/") + qrt_backend_name(b) + "/" + s.name).c_str(), BM_Conv, b,
          s)
          ->Unit(benchmark::kMicrosecond)
          ->MinTime(0.3);
  }
  benchmark::Initialize(&argc, argv);
  SummaryReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.printSummary();
  benchmark::Shutdown();
  return 0;
}
