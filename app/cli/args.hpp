#pragma once
// A small command-line parser for monge's subcommands. Each subcommand declares its positionals,
// options and flags once; --help text and error messages come from that declaration, and
// errors name the option ("--eps: expected a positive number, got 'abc'").
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace monge {

class Args {
 public:
  // usage: e.g. "monge sw X Y [options]"; summary: one paragraph shown by --help.
  Args(std::string usage, std::string summary);

  Args& positional(const std::string& name, const std::string& help, bool required = true);
  Args& option(const std::string& name, const std::string& metavar, const std::string& help,
               std::optional<std::string> fallback = std::nullopt);
  Args& flag(const std::string& name, const std::string& help);

  // Parse arguments after the subcommand name. Returns false if --help was asked (help printed
  // to stdout). Throws InputError for unknown options, missing values or positionals.
  bool parse(const std::vector<std::string>& argv);

  bool has(const std::string& name) const;          // flag set, or option/positional given
  std::string get(const std::string& name) const;   // value or default; fails if neither
  double number(const std::string& name, double min = -1e300, double max = 1e300) const;
  long long integer(const std::string& name, long long min, long long max) const;
  // "WxH", e.g. --size 1280x720.
  std::pair<int, int> size(const std::string& name, int max_side = 16384) const;
  std::string help() const;

 private:
  struct Spec {
    std::string name, metavar, help;
    std::optional<std::string> fallback;
    bool is_flag = false, is_positional = false, required = false;
  };
  const Spec* find(const std::string& name) const;
  std::string usage_, summary_;
  std::vector<Spec> specs_;
  std::map<std::string, std::string> values_;
};

}  // namespace monge
