// Running the real evcov binary from tests, and reading its JSON outputs.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace evcov::testing {

// Runs `evcov ARGS` with stderr folded into *output; returns the exit code.
// `env` is prefixed to the shell command ("NAME=value ").
inline int RunEvcovBinary(const std::string& args, std::string* output = nullptr,
                          const std::string& env = "") {
  std::string cmd = env + std::string(EVCOV_BINARY) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return -1;
  std::string out;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  int status = pclose(p);
  if (output) *output = out;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

inline nlohmann::json ReadJsonFile(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

inline std::string SampleBatch() { return std::string(EVCOV_SOURCE_DIR) + "/samples/batch"; }

}  // namespace evcov::testing
