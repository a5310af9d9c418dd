// Compute peak of this machine for the lower-bound column of bench/run.py.
//
// The loops (int8 vpdpbusd, fp32 vfmadd231ps) are in PeakLoops.h. Each thread count runs every loop 5 times for ~0.2 s and keeps the best. Throughput is
// counted per thread over its own CPU time (CLOCK_THREAD_CPUTIME_ID) and summed over the
// threads: what the cores deliver while they run, robust against other processes sharing
// the machine (wall time would count their time slices too; "wall" is printed as well).
// Prints one JSON object: {"int8_gmacs": {"1": x, "2": y}, "fp32_gmacs": {...}}.
//
//   g++ -O2 -std=c++17 -pthread bench/peak/peak.cpp -o peak && ./peak [max_threads]
#include "PeakLoops.h"

#include <atomic>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

namespace {

double threadSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

double seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

struct Rate {
  double cpu = 0, wall = 0;
};

/// GMAC/s of `threads` threads each running loop(iters); macsPerIter per loop iteration.
Rate measure(void (*loop)(long), double macsPerIter, int threads) {
  long iters = 1 << 20;
  // calibrate to ~0.2 s on one thread
  for (;;) {
    double t0 = seconds();
    loop(iters);
    double dt = seconds() - t0;
    if (dt > 0.05) {
      iters = long(iters * 0.2 / dt) + 1;
      break;
    }
    iters *= 4;
  }
  Rate best;
  for (int rep = 0; rep < 5; ++rep) {
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> pool;
    std::vector<double> cpu(threads);
    for (int t = 0; t < threads; ++t)
      pool.emplace_back([&, t] {
        ready.fetch_add(1);
        while (!go.load()) {
        }
        double c0 = threadSeconds();
        loop(iters);
        cpu[t] = threadSeconds() - c0;
      });
    while (ready.load() < threads) {
    }
    double t0 = seconds();
    go.store(true);
    for (auto &th : pool) th.join();
    double dt = seconds() - t0;
    double wall = double(threads) * double(iters) * macsPerIter / dt / 1e9;
    double sum = 0;
    for (double c : cpu) sum += double(iters) * macsPerIter / c / 1e9;
    if (sum > best.cpu) best.cpu = sum;
    if (wall > best.wall) best.wall = wall;
  }
  return best;
}

}  // namespace

void print(const char *key, void (*loop)(long), double macsPerIter, int maxThreads, bool ok) {
  std::vector<Rate> r;
  for (int t = 1; t <= maxThreads; ++t) r.push_back(ok ? measure(loop, macsPerIter, t) : Rate{});
  std::printf("\"%s\": {", key);
  for (int t = 1; t <= maxThreads; ++t) std::printf("%s\"%d\": %.2f", t > 1 ? ", " : "", t, r[t - 1].cpu);
  std::printf("}, \"%s_wall\": {", key);
  for (int t = 1; t <= maxThreads; ++t) std::printf("%s\"%d\": %.2f", t > 1 ? ", " : "", t, r[t - 1].wall);
  std::printf("}");
}

int main(int argc, char **argv) {
  int maxThreads = argc > 1 ? std::atoi(argv[1]) : 2;
  bool vnni = __builtin_cpu_supports("avx512vnni");
  bool avx512 = __builtin_cpu_supports("avx512f");
  std::printf("{\"isa\": \"%s\", ", vnni ? "avx512_vnni" : (avx512 ? "avx512f" : "none"));
  print("int8_gmacs", peak::loopInt8, peak::kInt8MacsPerIter, maxThreads, vnni);
  std::printf(", ");
  print("fp32_gmacs", peak::loopFp32, peak::kFp32MacsPerIter, maxThreads, avx512);
  std::printf("}\n");
  return 0;
}
