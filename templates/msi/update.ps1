<#
update.ps1 - AWS Systems Manager Distributor in-place update script, package {{PACKAGE_NAME}} {{VERSION}}.

SSM Agent runs it as `.\update.ps1; exit $LASTEXITCODE` (Windows PowerShell 5.1, as SYSTEM) in the
folder the package zip was extracted to, next to the installer {{INSTALLER}}. The product is
identified by the ProductCode and ProductVersion read from that MSI; nothing is hard-coded.

Used by AWS-ConfigureAWSPackage with installationType "In-place update": the installed version is
upgraded in place, without running the old uninstall first. Windows Installer does the upgrade:
a major upgrade (new ProductCode; the MSI's Upgrade table removes the old version) with a plain
/i, a minor upgrade (same ProductCode, new version) with REINSTALL=ALL REINSTALLMODE=vomus.

Steps: check prerequisites (administrator, msiexec.exe, the MSI and its ProductCode); stop if that
product is already installed at that version; run
  msiexec /i <msi> /qn /norestart /l*v <log>
(plus REINSTALL=ALL REINSTALLMODE=vomus for a minor upgrade); verify the product is registered as
installed. When nothing is installed yet, this installs it.

Exit codes:
  0      updated (or installed when absent), or already at this version (nothing done). Also when msiexec
         returned 3010 or 1641 (success, reboot required): the script says so in a WARNING line
         but does not pass 3010 on, because SSM Agent would then reboot the instance.
  10     not running as administrator
  11     msiexec.exe not found
  12     the installer file is missing
  13     the installer is not a readable MSI (no ProductCode)
  16     msiexec reported success but the product is not registered as installed
  17     unexpected PowerShell error (the message is printed)
  other  msiexec's own exit code, e.g. 1603 fatal error, 1618 another installation in progress
         (retried for a few minutes first), 1619 package cannot be opened, 1633 unsupported
         platform, 1638 another version is installed. The tail of the msiexec log is printed.
#>

# What this script does; the shared code below reads it.
$Action = 'update'

{{INCLUDE _prelude.ps1}}

{{INCLUDE _health.ps1}}

{{INCLUDE _install.ps1}}
