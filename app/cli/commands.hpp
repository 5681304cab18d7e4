#pragma once
// monge's subcommands. Each takes the arguments after its name and returns the exit code:
// 0 success, 2 bad input (message printed on one line to stderr), 3 an output that could not be
// written (OutputError, "cannot write PATH: REASON"), 1 other failure. Commands throw; main()
// maps the exception to the code.
#include <string>
#include <vector>

namespace monge {

using CommandArgs = std::vector<std::string>;

int cmd_render(const CommandArgs& args);    // app/cli/cmd_render.cpp
int cmd_run(const CommandArgs& args);       // app/cli/cmd_run.cpp
int cmd_record(const CommandArgs& args);    // app/cli/cmd_record.cpp
int cmd_sw(const CommandArgs& args);        // app/cli/cmd_sw.cpp
int cmd_sinkhorn(const CommandArgs& args);  // app/cli/cmd_sinkhorn.cpp
int cmd_deform(const CommandArgs& args);    // app/cli/cmd_deform.cpp
int cmd_show(const CommandArgs& args);      // app/cli/cmd_show.cpp (opens the window: the monge binary only)

struct Command {
  const char* name;
  const char* summary;
  int (*run)(const CommandArgs&);
};

// All subcommands, in the order `monge help` lists them.
const std::vector<Command>& commands();

}  // namespace monge
