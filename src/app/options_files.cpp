// Options files checked before PETSc reads them (see include/fpsolve/app/options_files.hpp).
// The content rules are PETSc's (3.18, PetscOptionsInsertFilePetsc): per line, '#' starts a
// comment, the first token is an option (-name) or "alias", and at most a value follows.
#include "fpsolve/app/options_files.hpp"

#include <sys/stat.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fpsolve/app/exit_status.hpp"
#include "fpsolve/base/error.hpp"

namespace fpsolve {
namespace {

// Whitespace-separated tokens; a double-quoted token may hold spaces.
std::vector<std::string> Tokens(const std::string &line) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && std::isspace((unsigned char)line[i])) ++i;
    if (i >= line.size()) break;
    std::size_t j = i;
    if (line[i] == '"') {
      j = line.find('"', i + 1);
      j = j == std::string::npos ? line.size() : j + 1;
    } else {
      while (j < line.size() && !std::isspace((unsigned char)line[j])) ++j;
    }
    out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

// "" when the file is usable, else why not.
std::string Problem(const char *file) {
  struct stat sb;
  if (stat(file, &sb) != 0) return std::string(std::strerror(errno));
  if (S_ISDIR(sb.st_mode)) return "a directory, not a file";
  if (!S_ISREG(sb.st_mode)) return "not a regular file";
  std::ifstream in(file);
  if (!in) return "cannot be read";
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    const auto hash = line.find('#');
    if (hash != std::string::npos) line.resize(hash);
    for (char c : line)
      if ((unsigned char)c < 0x20 && c != '\t' && c != '\r')
        return "line " + std::to_string(n) + ": not text";
    const auto t = Tokens(line);
    if (t.empty()) continue;
    const bool alias = t[0] == "alias";
    if (!alias && (t[0].size() < 2 || t[0][0] != '-' || !std::isalpha((unsigned char)t[0][1])))
      return "line " + std::to_string(n) + ": '" + t[0].substr(0, 40) +
             "' is not an option (-name [value], one a line)";
    if (t.size() > (alias ? 3u : 2u))
      return "line " + std::to_string(n) + ": more than one option ('" + t[2].substr(0, 40) +
             "'; one option a line)";
  }
  if (in.bad()) return "cannot be read";
  return "";
}

}  // namespace

int PreflightOptionsFiles(MPI_Comm comm, int argc, char **argv) {
  std::string message;
  for (int i = 1; i < argc && message.empty(); ++i) {
    if (std::strcmp(argv[i], "-options_file") != 0) continue;
    if (i + 1 >= argc || !argv[i + 1][0]) {
      message = "-options_file: given without a value";
    } else {
      const std::string why = Problem(argv[i + 1]);
      if (!why.empty()) message = std::string("-options_file ") + argv[i + 1] + ": " + why;
    }
  }
  // Every rank checked the same files; agree anyway (a file system may differ between nodes).
  int bad = !message.empty(), any = 0, rank = 0;
  MPI_Allreduce(&bad, &any, 1, MPI_INT, MPI_MAX, comm);
  MPI_Comm_rank(comm, &rank);
  if (!any) return 0;
  if (rank == 0)
    std::fprintf(stderr, "fpsolve: error: %s\n",
                 OneLine(bad ? message : "-options_file: unreadable on another rank").c_str());
  return kExitBadInput;
}

}  // namespace fpsolve
