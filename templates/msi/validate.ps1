<#
validate.ps1 - AWS Systems Manager Distributor validate script, package {{PACKAGE_NAME}} {{VERSION}}.

SSM Agent runs it as `.\validate.ps1; exit $LASTEXITCODE` (Windows PowerShell 5.1, as SYSTEM) in the
folder the package zip was extracted to, after every install or update (a failure there makes the
agent roll the install back) and at every later run of the association while this version is
installed (a failure makes the agent install it again, which repairs what is found here: see
install.ps1). Everything is read from the MSI {{INSTALLER}}; nothing is hard-coded.

"The agent works": the product (the MSI's ProductCode) is installed at the MSI's ProductVersion, and
every service the MSI installs to start automatically exists, is set to Automatic and is running (a
service that is starting gets SSM_UPTYCS_VALIDATE_WAIT seconds, default 20).

Exit codes:
  0   installed and running
  10  not running as administrator
  11  msiexec.exe not found
  12  the installer file is missing
  13  the installer is not a readable MSI (no ProductCode)
  17  unexpected PowerShell error (the message is printed)
  20  the product is not installed
  21  another version of the product is installed
  22  a service the MSI installs is missing
  24  a service the MSI installs is disabled or manual
  25  a service the MSI installs is not running
#>

# What this script does; the shared code below reads it.
$Action = 'validate'

{{INCLUDE _prelude.ps1}}

{{INCLUDE _health.ps1}}

function Main {
    $msiPath, $null = Confirm-Prerequisites
    try {
        $productCode = Get-MsiProperty $msiPath 'ProductCode'
        $productVersion = Get-MsiProperty $msiPath 'ProductVersion'
        $productName = Get-MsiProperty $msiPath 'ProductName'
    }
    catch {
        Exit-With 13 "cannot read $msiPath as an MSI: $($_.Exception.Message)"
    }
    if (-not $productCode) {
        Exit-With 13 "$msiPath has no ProductCode"
    }
    Write-Step "checking $productName $productVersion ($productCode): installed, its automatic services running"
    $problem = Get-HealthProblem $msiPath $productCode $productVersion $productName -Wait
    if ($null -ne $problem) {
        Exit-With $problem[0] $problem[1]
    }
    Write-Step "$productName $productVersion is installed and its services run"
    exit 0
}

if (-not (Test-Path -LiteralPath 'Variable:UptycsDistributorNoMain')) {
    Invoke-Main
}
