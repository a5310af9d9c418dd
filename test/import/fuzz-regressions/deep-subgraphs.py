# Writes (to stdout) a text model that nests If subgraphs N levels deep
# (default 5000). ONNX's text parser recursed once per level and overflowed
# the stack (SIGSEGV) after a few thousand; ModelLoader.cpp now rejects
# nesting deeper than 64 levels before parsing.
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
body = "z = Identity (x)"
for i in range(n):
    body = "z = If (x) <then_branch = g%d () => (float z) { %s }>" % (i, body)
print('<ir_version: 8, opset_import: ["" : 13]>')
print("g (float x) => (float z) {")
print(body)
print("}")
