// The register-only peak loops shared by bench/peak/peak.cpp (the lower-bound
// column of bench/run.py) and bench/kernels/ConvBench.cpp (GOPS "of peak").
//
// int8: vpdpbusd zmm (u8 x s8, 4-way dot product into s32: 64 multiply-accumulates per
//       instruction); fp32: vfmadd231ps zmm (16 multiply-accumulates per instruction).
// 12 independent accumulators per iteration, all in registers (inline asm, so the
// compiler cannot spill them): enough to cover latency x throughput of current cores.
#ifndef QMLIR_BENCH_PEAK_PEAKLOOPS_H
#define QMLIR_BENCH_PEAK_PEAKLOOPS_H

namespace peak {

/// Multiply-accumulates per loop iteration.
constexpr long kInt8MacsPerIter = 12 * 64;
constexpr long kFp32MacsPerIter = 12 * 16;

inline __attribute__((target("avx512f,avx512vnni"))) void loopInt8(long iters) {
  asm volatile(
      "vpxord %%zmm0, %%zmm0, %%zmm0\n\t"
      "vpxord %%zmm1, %%zmm1, %%zmm1\n\t"
      "vpxord %%zmm2, %%zmm2, %%zmm2\n\t"
      "vpxord %%zmm3, %%zmm3, %%zmm3\n\t"
      "vpxord %%zmm4, %%zmm4, %%zmm4\n\t"
      "vpxord %%zmm5, %%zmm5, %%zmm5\n\t"
      "vpxord %%zmm6, %%zmm6, %%zmm6\n\t"
      "vpxord %%zmm7, %%zmm7, %%zmm7\n\t"
      "vpxord %%zmm8, %%zmm8, %%zmm8\n\t"
      "vpxord %%zmm9, %%zmm9, %%zmm9\n\t"
      "vpxord %%zmm10, %%zmm10, %%zmm10\n\t"
      "vpxord %%zmm11, %%zmm11, %%zmm11\n\t"
      "vpternlogd $0xff, %%zmm12, %%zmm12, %%zmm12\n\t"
      "vpternlogd $0xff, %%zmm13, %%zmm13, %%zmm13\n\t"
      "1:\n\t"
      "vpdpbusd %%zmm12, %%zmm13, %%zmm0\n\t"
      "vpdpbusd %%zmm12, %%zmm13, %%zmm1\n\t"
      "vpdpbusd %%zmm12, %%zmm13, %%zmm2\n\t"
      "vpdpbusd %%zmm12, %%zmm13, %%zmm3\n\t"
      "vpdpbusd %%zmm12, %%zmm13, %%zmm4\n\t"
      "vpdpbusd %%zmm12, %%zmm13, %%zmm5\n\t"
      "vpdpbusd %%zmm12, %%zmm13, %%zmm6\n\t"
      "vpdpbusd %%zmm12, %%zmm13, %%zmm7\n\t"
      "vpdpbusd %%zmm12, %%zmm13, %%zmm8\n\t"
      "vpdpbusd %%zmm12, %%zmm13, %%zmm9\n\t"
      "vpdpbusd %%zmm12, %%zmm13, %%zmm10\n\t"
      "vpdpbusd %%zmm12, %%zmm13, %%zmm11\n\t"
      "dec %0\n\t"
      "jnz 1b\n\t"
      : "+r"(iters)
      :
      : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",
        "xmm11", "xmm12", "xmm13", "cc");
}

inline __attribute__((target("avx512f"))) void loopFp32(long iters) {
  asm volatile(
      "vxorps %%zmm0, %%zmm0, %%zmm0\n\t"
      "vxorps %%zmm1, %%zmm1, %%zmm1\n\t"
      "vxorps %%zmm2, %%zmm2, %%zmm2\n\t"
      "vxorps %%zmm3, %%zmm3, %%zmm3\n\t"
      "vxorps %%zmm4, %%zmm4, %%zmm4\n\t"
      "vxorps %%zmm5, %%zmm5, %%zmm5\n\t"
      "vxorps %%zmm6, %%zmm6, %%zmm6\n\t"
      "vxorps %%zmm7, %%zmm7, %%zmm7\n\t"
      "vxorps %%zmm8, %%zmm8, %%zmm8\n\t"
      "vxorps %%zmm9, %%zmm9, %%zmm9\n\t"
      "vxorps %%zmm10, %%zmm10, %%zmm10\n\t"
      "vxorps %%zmm11, %%zmm11, %%zmm11\n\t"
      "vxorps %%zmm12, %%zmm12, %%zmm12\n\t"
      "vxorps %%zmm13, %%zmm13, %%zmm13\n\t"
      "1:\n\t"
      "vfmadd231ps %%zmm12, %%zmm13, %%zmm0\n\t"
      "vfmadd231ps %%zmm12, %%zmm13, %%zmm1\n\t"
      "vfmadd231ps %%zmm12, %%zmm13, %%zmm2\n\t"
      "vfmadd231ps %%zmm12, %%zmm13, %%zmm3\n\t"
      "vfmadd231ps %%zmm12, %%zmm13, %%zmm4\n\t"
      "vfmadd231ps %%zmm12, %%zmm13, %%zmm5\n\t"
      "vfmadd231ps %%zmm12, %%zmm13, %%zmm6\n\t"
      "vfmadd231ps %%zmm12, %%zmm13, %%zmm7\n\t"
      "vfmadd231ps %%zmm12, %%zmm13, %%zmm8\n\t"
      "vfmadd231ps %%zmm12, %%zmm13, %%zmm9\n\t"
      "vfmadd231ps %%zmm12, %%zmm13, %%zmm10\n\t"
      "vfmadd231ps %%zmm12, %%zmm13, %%zmm11\n\t"
      "dec %0\n\t"
      "jnz 1b\n\t"
      : "+r"(iters)
      :
      : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",
        "xmm11", "xmm12", "xmm13", "cc");
}

} // namespace peak

#endif // QMLIR_BENCH_PEAK_PEAKLOOPS_H
