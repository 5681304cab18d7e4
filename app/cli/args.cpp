#include "app/cli/args.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "base/errors.hpp"

namespace monge {

Args::Args(std::string usage, std::string summary)
    : usage_(std::move(usage)), summary_(std::move(summary)) {}

Args& Args::positional(const std::string& name, const std::string& help, bool required) {
  specs_.push_back({name, "", help, std::nullopt, false, true, required});
  return *this;
}

Args& Args::option(const std::string& name, const std::string& metavar, const std::string& help,
                   std::optional<std::string> fallback) {
  specs_.push_back({name, metavar, help, std::move(fallback), false, false, false});
  return *this;
}

Args& Args::flag(const std::string& name, const std::string& help) {
  specs_.push_back({name, "", help, std::nullopt, true, false, false});
  return *this;
}

const Args::Spec* Args::find(const std::string& name) const {
  for (const auto& s : specs_)
    if (s.name == name) return &s;
  return nullptr;
}

bool Args::parse(const std::vector<std::string>& argv) {
  std::vector<const Spec*> positionals;
  for (const auto& s : specs_)
    if (s.is_positional) positionals.push_back(&s);
  std::size_t next_positional = 0;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::fputs(help().c_str(), stdout);
      return false;
    }
    // An option starts with '-', but "-" (standard input), "-:NAME" (an array of an .npz on
    // standard input) and negative numbers ("-3", "-.5") are values.
    if (a.size() > 1 && a[0] == '-' && !(std::isdigit(static_cast<unsigned char>(a[1])) || a[1] == '.' || a[1] == ':')) {
      std::string value;
      bool inline_value = false;
      if (const auto eq = a.find('='); eq != std::string::npos) {
        value = a.substr(eq + 1);
        a.resize(eq);
        inline_value = true;
      }
      const Spec* s = find(a);
      if (!s || s->is_positional) throw InputError(a + ": unknown option (see --help)");
      if (s->is_flag) {
        if (inline_value) throw InputError(a + ": takes no value");
        values_.insert_or_assign(a, std::string(1, '1'));  // (not = "1": GCC 12 -Wrestrict false positive)
        continue;
      }
      if (!inline_value) {
        if (i + 1 >= argv.size()) throw InputError(a + ": missing value " + s->metavar);
        value = argv[++i];
      }
      values_[a] = value;
      continue;
    }
    if (next_positional >= positionals.size())
      throw InputError("unexpected argument '" + a + "' (see --help)");
    values_[positionals[next_positional++]->name] = a;
  }
  for (; next_positional < positionals.size(); ++next_positional)
    if (positionals[next_positional]->required)
      throw InputError("missing argument " + positionals[next_positional]->name + " (see --help)");
  return true;
}

bool Args::has(const std::string& name) const { return values_.count(name) > 0; }

std::string Args::get(const std::string& name) const {
  if (auto it = values_.find(name); it != values_.end()) return it->second;
  const Spec* s = find(name);
  if (s && s->fallback) return *s->fallback;
  throw InputError(name + ": required");
}

double Args::number(const std::string& name, double min, double max) const {
  const std::string text = get(name);
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(v))
    throw InputError(name + ": expected a number, got '" + text + "'");
  if (v < min || v > max) {
    std::ostringstream s;
    s << name << ": must be in [" << min << ", " << max << "], got " << text;
    throw InputError(s.str());
  }
  return v;
}

long long Args::integer(const std::string& name, long long min, long long max) const {
  const std::string text = get(name);
  char* end = nullptr;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0')
    throw InputError(name + ": expected an integer, got '" + text + "'");
  if (v < min || v > max)
    throw InputError(name + ": must be between " + std::to_string(min) + " and " +
                     std::to_string(max) + ", got " + text);
  return v;
}

std::pair<int, int> Args::size(const std::string& name, int max_side) const {
  const std::string text = get(name);
  int w = 0, h = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%dx%d%c", &w, &h, &tail) != 2 || w < 1 || h < 1 ||
      w > max_side || h > max_side)
    throw InputError(name + ": expected WIDTHxHEIGHT with sides 1.." + std::to_string(max_side) +
                     ", got '" + text + "'");
  return {w, h};
}

std::string Args::help() const {
  std::ostringstream s;
  s << "usage: " << usage_ << "\n\n" << summary_ << "\n";
  bool any_pos = false, any_opt = false;
  for (const auto& sp : specs_) any_pos = any_pos || sp.is_positional;
  for (const auto& sp : specs_) any_opt = any_opt || !sp.is_positional;
  auto line = [&](const Spec& sp) {
    std::string left = "  " + sp.name + (sp.metavar.empty() ? "" : " " + sp.metavar);
    if (left.size() < 26) left.resize(26, ' ');
    else left += "\n" + std::string(26, ' ');
    s << left << sp.help;
    if (sp.fallback) s << " (default " << *sp.fallback << ")";
    s << "\n";
  };
  if (any_pos) {
    s << "\narguments:\n";
    for (const auto& sp : specs_)
      if (sp.is_positional) line(sp);
  }
  if (any_opt) {
    s << "\noptions:\n";
    for (const auto& sp : specs_)
      if (!sp.is_positional) line(sp);
  }
  s << "  --help                  show this help\n";
  return s.str();
}

}  // namespace monge
